-- Argo CD health of Tributary's Pipeline, Producer, Worker and EtlSchedule (tributary.io/v1alpha1),
-- read from the status the operator writes: status.observedGeneration, the Ready condition and,
-- while Ready is False, the kstatus condition the operator adds (Stalled: an error that needs a
-- change of the spec; Reconciling: still working on it), plus LastRunSucceeded of an EtlSchedule. Written for Argo CD's gopher-lua (Lua 5.1); installed
-- under resource.customizations.health.tributary.io_<Kind> in argocd-cm (argocd-cm.yaml here).
local hs = {}

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a status"
  return hs
end
local generation = obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. generation
  return hs
end
local ready = condition(status.conditions, "Ready")
if ready == nil or ready.status == "Unknown" then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end
local message = (ready.reason or "") .. ": " .. (ready.message or "")
if ready.status == "False" then
  -- the operator classifies the reason (Reconciling or Stalled); without either (an operator
  -- older than these conditions) nothing says it will recover
  local reconciling = condition(status.conditions, "Reconciling")
  if reconciling ~= nil and reconciling.status == "True" then
    hs.status = "Progressing"
  else
    hs.status = "Degraded"
  end
  hs.message = message
  return hs
end
if obj.kind == "EtlSchedule" then
  if ready.reason == "Suspended" then
    hs.status = "Suspended"
    hs.message = message
    return hs
  end
  local lastRun = condition(status.conditions, "LastRunSucceeded")
  if lastRun ~= nil and lastRun.status == "False" then
    hs.status = "Degraded"
    hs.message = "Last run failed: " .. (lastRun.message or "")
    return hs
  end
end
hs.status = "Healthy"
hs.message = message
return hs
