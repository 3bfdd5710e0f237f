# GET http://$HOST:$PORT/readyz; succeeds on a 200 answer within ATTEMPTS (30) attempts, 2 s apart.
for attempt in $(seq 1 "${ATTEMPTS:-30}"); do
  if exec 3<>"/dev/tcp/$HOST/$PORT" 2>/dev/null; then
    printf 'GET /readyz HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$HOST" >&3
    status=$(head -n 1 <&3)
    exec 3<&-
    echo "attempt $attempt: $status"
    case "$status" in
      "HTTP/1."?" 200"*) exit 0 ;;
    esac
  else
    echo "attempt $attempt: cannot connect to $HOST:$PORT"
  fi
  sleep 2
done
echo "the operator did not answer /readyz with 200 at $HOST:$PORT"
exit 1
