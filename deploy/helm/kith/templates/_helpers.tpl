{{- define "kith.name" -}}{{ .Release.Name }}{{- end -}}

{{- define "kith.labels" -}}
app.kubernetes.io/name: kith
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one process: (dict "root" $ "process" "gateway") */}}
{{- define "kith.selector" -}}
app.kubernetes.io/name: kith
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .process | kebabcase }}
{{- end -}}

{{- define "kith.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The environment every process reads (kith_common.settings). */}}
{{- define "kith.env" -}}
- name: KITH_ENV
  value: {{ .Values.environment | quote }}
- name: KITH_HOST
  value: "0.0.0.0"
- name: KITH_PUBLIC_BASE_URL
  value: {{ .Values.publicBaseUrl | quote }}
- name: KITH_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: NEO4J_URI
  value: {{ required "neo4j.uri is required" .Values.neo4j.uri | quote }}
- name: NEO4J_DATABASE
  value: {{ .Values.neo4j.database | quote }}
- name: NEO4J_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ required "neo4j.credentialsSecret is required" .Values.neo4j.credentialsSecret }}, key: NEO4J_USERNAME}
- name: NEO4J_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .Values.neo4j.credentialsSecret }}, key: NEO4J_PASSWORD}
- name: NATS_URL
  value: {{ required "nats.url is required" .Values.nats.url | quote }}
{{- if .Values.nats.credentialsSecret }}
- name: NATS_CREDENTIALS
  value: /etc/kith/nats/nats.creds
{{- end }}
- name: KITH_JWT_ISSUER
  value: {{ .Values.identityProvider.issuer | quote }}
- name: KITH_JWT_AUDIENCE
  value: {{ .Values.identityProvider.audience | quote }}
- name: KITH_JWKS_URL
  value: {{ .Values.identityProvider.jwksUrl | quote }}
- name: KITH_DATA_KEYS
  valueFrom:
    secretKeyRef: {name: {{ required "dataKeysSecret is required" .Values.dataKeysSecret }}, key: KITH_DATA_KEYS}
{{- end -}}

{{- define "kith.volumes" -}}
- name: tmp
  emptyDir: {sizeLimit: 256Mi}
{{- if .Values.nats.credentialsSecret }}
- name: nats-creds
  secret: {secretName: {{ .Values.nats.credentialsSecret }}}
{{- end }}
{{- end -}}

{{- define "kith.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.nats.credentialsSecret }}
- name: nats-creds
  mountPath: /etc/kith/nats
  readOnly: true
{{- end }}
{{- end -}}

{{/* One egress rule from {ports: [...], to: [peers]}. */}}
{{- define "kith.egressRule" -}}
- to:
    {{- toYaml .to | nindent 4 }}
  ports:
    {{- range .ports }}
    - {port: {{ . }}, protocol: TCP}
    {{- end }}
{{- end -}}
