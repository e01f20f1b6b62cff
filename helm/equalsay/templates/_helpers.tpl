{{/* Names and labels shared by every manifest. */}}
{{- define "equalsay.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "equalsay.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "equalsay.selectorLabels" -}}
app.kubernetes.io/name: {{ include "equalsay.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "equalsay.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "equalsay.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "equalsay.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "equalsay.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The CloudNativePG Cluster's name; the operator puts the app user's URL in
the Secret "<name>-app" under "uri". */}}
{{- define "equalsay.dbClusterName" -}}
{{- printf "%s-db" (include "equalsay.fullname" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "equalsay.databaseSecretName" -}}
{{- if .Values.database.cloudnativepg.enabled -}}
{{- printf "%s-app" (include "equalsay.dbClusterName" .) -}}
{{- else -}}
{{- .Values.database.external.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "equalsay.databaseSecretKey" -}}
{{- if .Values.database.cloudnativepg.enabled -}}uri{{- else -}}{{ .Values.database.external.secretKey }}{{- end -}}
{{- end -}}

{{/* Choices the schema cannot express, refused with a message that says
what to do. */}}
{{- define "equalsay.validate" -}}
{{- $db := .Values.database -}}
{{- if and $db.cloudnativepg.enabled $db.external.existingSecret -}}
{{- fail "Choose one database: set database.external.existingSecret or database.cloudnativepg.enabled=true, not both." -}}
{{- end -}}
{{- if and (not $db.cloudnativepg.enabled) (not $db.external.existingSecret) -}}
{{- fail "equalsay needs a database: set database.external.existingSecret to the name of a Secret holding the PostgreSQL URL, or set database.cloudnativepg.enabled=true." -}}
{{- end -}}
{{- if .Values.podDisruptionBudget.enabled -}}
{{- $least := ternary .Values.autoscaling.minReplicas .Values.replicaCount .Values.autoscaling.enabled -}}
{{- if ge (int .Values.podDisruptionBudget.minAvailable) (int $least) -}}
{{- fail (printf "podDisruptionBudget.minAvailable (%d) must be below the number of replicas (%d), or no node could ever be drained." (int .Values.podDisruptionBudget.minAvailable) (int $least)) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail "autoscaling.minReplicas must not be above autoscaling.maxReplicas." -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) -}}
{{- fail "ingress.host is required when ingress.enabled is true." -}}
{{- end -}}
{{- if ge (mul 2 (int .Values.server.ballotWriters)) (int .Values.server.dbPoolSize) -}}
{{- fail (printf "server.ballotWriters (%d) must be below half of server.dbPoolSize (%d): as many writers save ballots as save score sheets, each holds a database connection while it writes, and calls need the rest." (int .Values.server.ballotWriters) (int .Values.server.dbPoolSize)) -}}
{{- end -}}
{{- if and .Values.database.cloudnativepg.backup.enabled (not .Values.database.cloudnativepg.backup.destinationPath) -}}
{{- fail "database.cloudnativepg.backup.enabled needs database.cloudnativepg.backup.destinationPath, e.g. s3://equalsay-backups/production." -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled needs metrics.enabled: the server serves /metrics only with a token." -}}
{{- end -}}
{{- if and .Values.metrics.enabled (not .Values.metrics.existingSecret) -}}
{{- fail "metrics.enabled needs metrics.existingSecret: the name of a Secret holding the token Prometheus sends." -}}
{{- end -}}
{{- if and .Values.mail.enabled (not .Values.mail.from) -}}
{{- fail "mail.enabled needs mail.from: who e-mail comes from, e.g. 'equalsay <equalsay@example.org>'." -}}
{{- end -}}
{{- if and .Values.singleSignOn.enabled (not (and .Values.singleSignOn.issuer .Values.singleSignOn.clientId)) -}}
{{- fail "singleSignOn.enabled needs singleSignOn.issuer and singleSignOn.clientId: the provider's https:// address and equalsay's client id there." -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the first administrator's token, if any. */}}
{{- define "equalsay.dataKeysSecretName" -}}
{{- if .Values.dataKeys.existingSecret -}}
{{- .Values.dataKeys.existingSecret -}}
{{- else -}}
{{- printf "%s-data-keys" (include "equalsay.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "equalsay.bootstrapSecretName" -}}
{{- if .Values.bootstrap.existingSecret -}}
{{- .Values.bootstrap.existingSecret -}}
{{- else if .Values.bootstrap.generate -}}
{{- printf "%s-bootstrap" (include "equalsay.fullname" .) -}}
{{- end -}}
{{- end -}}
