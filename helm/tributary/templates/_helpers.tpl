{{/* The chart's name, or nameOverride. */}}
{{- define "tributary.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release's base name: fullnameOverride; else the release name, or <release>-<name> when the
release name does not contain the name (tributary, or nameOverride). 63 characters at most (DNS label).
*/}}
{{- define "tributary.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "tributary.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of the operator's Deployment, Service and (by default) ServiceAccount. */}}
{{- define "tributary.operatorName" -}}
{{- printf "%s-operator" (include "tributary.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tributary.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tributary.operatorName" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Labels that select the operator's pods; never change them (Deployment selectors are immutable).
With the default name: app.kubernetes.io/name=tributary-operator.
*/}}
{{- define "tributary.selectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-operator" (include "tributary.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The labels of every object of the chart: the recommended app.kubernetes.io/* ones, helm.sh/chart, commonLabels. */}}
{{- define "tributary.labels" -}}
{{ include "tributary.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: tributary
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
An image reference from {registry, repository, tag, digest}: registry/repository, then @digest
when a digest is set (the tag is then ignored: a digest names exactly one image), else :tag (the
chart's appVersion when empty). global.imageRegistry, when set, replaces every image's registry.
A repository whose first path component is a registry host (has a "." or ":", or is localhost,
as Docker decides) is used without a registry.
Call with (dict "image" .Values.image "root" .).
*/}}
{{- define "tributary.image" -}}
{{- $registry := default .image.registry ((.root.Values.global).imageRegistry) -}}
{{- $name := .image.repository -}}
{{- $first := first (splitList "/" .image.repository) -}}
{{- $hasHost := and (contains "/" .image.repository) (or (contains "." $first) (contains ":" $first) (eq "localhost" $first)) -}}
{{- if and $registry (not $hasHost) -}}
{{- $name = printf "%s/%s" (trimSuffix "/" $registry) .image.repository -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $name .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $name (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "tributary.operatorImage" -}}
{{- include "tributary.image" (dict "image" .Values.image "root" .) -}}
{{- end -}}

{{/* The default runtime image of the workloads (TRIBUTARY_RUNTIME_IMAGE). */}}
{{- define "tributary.runtimeImage" -}}
{{- include "tributary.image" (dict "image" .Values.runtimeImage "root" .) -}}
{{- end -}}

{{/* The git tag of this chart version (v<version>), which the links of NOTES.txt point at. */}}
{{- define "tributary.gitRef" -}}
{{- printf "v%s" .Chart.Version -}}
{{- end -}}

{{/* The Lease the operator replicas compete for (TRIBUTARY_LEADER_ELECTION_LEASE). */}}
{{- define "tributary.leaseName" -}}
{{- printf "%s-leader" (include "tributary.operatorName" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The rules of everything the operator reads and writes inside the namespaces it watches. The
same rules form the ClusterRole (all namespaces) or the Role of each watched namespace. A test
(OperatorRbacIT) runs the operator against a recording API server and checks that these rules
grant every request it makes, and nothing it never makes; another (OperatorRbacOnRealServerIT)
applies them to a real kube-apiserver, runs the operator with a token of the chart's
ServiceAccount, and shows that without any single verb of any rule the server refuses the operator.
*/}}
{{- define "tributary.namespacedRules" -}}
# the operator's own kinds: watched and finalized (patch: the finalizer; get: JOSDK reads the
# resource again when that patch conflicts); Pipelines read by their components; a deleted
# component lists the others, whose ACLs a shared principal keeps
- apiGroups: ["tributary.io"]
  resources: ["pipelines"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["tributary.io"]
  resources: ["producers", "etlschedules"]
  verbs: ["get", "list", "watch", "patch"]
# the autoscaler reads the live Worker before it writes the scaling status
- apiGroups: ["tributary.io"]
  resources: ["workers"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["tributary.io"]
  resources: ["pipelines/status", "producers/status", "workers/status", "etlschedules/status"]
  verbs: ["patch"]
# children carry blockOwnerDeletion owner references (OwnerReferencesPermissionEnforcement)
- apiGroups: ["tributary.io"]
  resources: ["pipelines/finalizers", "producers/finalizers", "workers/finalizers", "etlschedules/finalizers"]
  verbs: ["update"]
# what the operator creates per component; garbage collection deletes them with their owner
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "create", "update"]
# patch: the autoscaler writes only /spec/replicas of an autoscaled Worker's Deployment
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
# the Pipeline's NetworkPolicy; delete: spec.networkPolicy.enabled: false
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "create", "update", "delete"]
- apiGroups: ["batch"]
  resources: ["cronjobs"]
  verbs: ["get", "list", "watch", "create", "update"]
# delete: run-now Jobs beyond the schedule's history limits
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete"]
# the ETL run summary is the termination message of the Job's pod
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
# patch: a repeated Event is counted on the existing one, as Kubernetes' own recorder does
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# optional kinds, read or written only where their CRDs are installed;
# a Strimzi Kafka's status says the bootstrap address of the listener a Pipeline names
- apiGroups: ["kafka.strimzi.io"]
  resources: ["kafkas"]
  verbs: ["get"]
- apiGroups: ["kafka.strimzi.io"]
  resources: ["kafkatopics"]
  verbs: ["get", "list", "create", "update", "patch", "delete"]
# spec.kafka.strimzi with authentication: a KafkaUser per Producer, Worker and EtlSchedule,
# deleted when the Pipeline stops asking for authentication or by the component's finalizer
# (in the Kafka cluster's namespace)
- apiGroups: ["kafka.strimzi.io"]
  resources: ["kafkausers"]
  verbs: ["get", "create", "update", "delete"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["podmonitors", "prometheusrules"]
  verbs: ["get", "create", "update", "delete"]
- apiGroups: ["grafana.integreatly.org"]
  resources: ["grafanadashboards"]
  verbs: ["get", "create", "update", "delete"]
- apiGroups: ["keda.sh"]
  resources: ["scaledobjects"]
  verbs: ["get", "create", "update", "delete"]
{{- end -}}

{{/*
Reading Secrets: Kafka credentials (spec.kafka.authentication, tls) for the Admin client and the
autoscaler; the Redis URL (spec.redis.urlSecretRef) for observing Redis streams. Granted with the
namespaced rules, or with rbac.secretNamespaces set only in those namespaces (a Role each).
*/}}
{{- define "tributary.secretRules" -}}
# read: credentials the Pipelines name, KafkaUser Secrets; create/update: the copy of a
# component's KafkaUser Secret in the component's namespace (owned by the component)
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update"]
{{- end -}}

{{/* Cluster-scoped reads: which optional CRDs (Strimzi, Prometheus Operator) the cluster serves. */}}
{{- define "tributary.clusterRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  verbs: ["get"]
{{- end -}}
