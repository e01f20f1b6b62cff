// The Helm chart, rendered by a real helm (scripts/test provides it) for the
// default profile and the highly available one, with assertions on what a
// platform team checks: gRPC probes on the right port, a non-root read-only
// container, no secret in plain text, replicas and disruption budget that
// fit together, and wrong values refused with a clear message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <regex>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

const std::string kChart = std::string(EQUALSAY_SOURCE_DIR) + "/helm/equalsay";
const std::string kHaValues = kChart + "/values-ha.yaml";

struct Helm {
  int code = 0;
  std::string out, err;
};

Helm RunHelm(std::vector<std::string> args) {
  args.insert(args.begin(), RequireEnv("EQUALSAY_HELM"));
  Helm h;
  h.code = RunCommand(args, {{"HOME", "/tmp"}}, &h.out, &h.err);
  return h;
}

// The rendered manifests, by kind.
std::multimap<std::string, YAML::Node> Render(
    const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"template", "eq", kChart};
  args.insert(args.end(), extra.begin(), extra.end());
  const Helm h = RunHelm(args);
  EXPECT_EQ(h.code, 0) << h.err;
  std::multimap<std::string, YAML::Node> by_kind;
  for (const YAML::Node& doc : YAML::LoadAll(h.out)) {
    if (doc.IsMap()) by_kind.emplace(doc["kind"].as<std::string>(), doc);
  }
  return by_kind;
}

YAML::Node One(const std::multimap<std::string, YAML::Node>& docs,
               const std::string& kind) {
  EXPECT_EQ(docs.count(kind), 1u) << kind;
  auto it = docs.find(kind);
  return it == docs.end() ? YAML::Node() : it->second;
}

YAML::Node Container(const YAML::Node& deployment) {
  return deployment["spec"]["template"]["spec"]["containers"][0];
}

// The Secret the server's variable `env` comes from ("" when it is unset).
std::string SecretOf(const std::multimap<std::string, YAML::Node>& docs,
                     const std::string& env) {
  for (const YAML::Node& e : Container(One(docs, "Deployment"))["env"]) {
    if (e["name"].as<std::string>() == env) {
      return e["valueFrom"]["secretKeyRef"]["name"].as<std::string>();
    }
  }
  return "";
}

YAML::Node SecretNamed(const std::multimap<std::string, YAML::Node>& docs,
                       const std::string& name) {
  for (auto [it, end] = docs.equal_range("Secret"); it != end; ++it) {
    if (it->second["metadata"]["name"].as<std::string>() == name) {
      return it->second;
    }
  }
  ADD_FAILURE() << "no Secret named " << name;
  return YAML::Node();
}

int PortNamed(const YAML::Node& container, const std::string& name) {
  for (const YAML::Node& port : container["ports"]) {
    if (port["name"].as<std::string>() == name) {
      return port["containerPort"].as<int>();
    }
  }
  return 0;
}

// What both profiles must get right.
void ExpectSafeServer(const std::multimap<std::string, YAML::Node>& docs) {
  const YAML::Node deployment = One(docs, "Deployment");
  const YAML::Node pod = deployment["spec"]["template"]["spec"];
  const YAML::Node c = Container(deployment);
  const int grpc_port = PortNamed(c, "grpc");
  EXPECT_EQ(grpc_port, 50051);
  EXPECT_EQ(PortNamed(c, "http"), 8080);

  // Kubernetes' native gRPC probes, on the gRPC port.
  for (const char* probe :
       {"startupProbe", "readinessProbe", "livenessProbe"}) {
    ASSERT_TRUE(c[probe]["grpc"].IsMap()) << probe;
    EXPECT_EQ(c[probe]["grpc"]["port"].as<int>(), grpc_port) << probe;
    EXPECT_FALSE(c[probe]["httpGet"].IsDefined()) << probe;
  }
  // Readiness follows the database; liveness only the process.
  EXPECT_FALSE(c["readinessProbe"]["grpc"]["service"].IsDefined());
  EXPECT_EQ(c["livenessProbe"]["grpc"]["service"].as<std::string>(),
            "liveness");

  // Non-root and read-only.
  EXPECT_TRUE(pod["securityContext"]["runAsNonRoot"].as<bool>());
  EXPECT_GT(pod["securityContext"]["runAsUser"].as<int>(), 0);
  EXPECT_TRUE(c["securityContext"]["runAsNonRoot"].as<bool>());
  EXPECT_TRUE(c["securityContext"]["readOnlyRootFilesystem"].as<bool>());
  EXPECT_FALSE(c["securityContext"]["allowPrivilegeEscalation"].as<bool>());
  EXPECT_EQ(c["securityContext"]["capabilities"]["drop"][0].as<std::string>(),
            "ALL");
  EXPECT_FALSE(pod["automountServiceAccountToken"].as<bool>());

  // The database URL comes from a Secret reference, never a value.
  bool database_from_secret = false;
  for (const YAML::Node& env : c["env"]) {
    const std::string name = env["name"].as<std::string>();
    if (std::regex_search(name, std::regex("DATABASE|TOKEN|PASSWORD|KEY"))) {
      EXPECT_FALSE(env["value"].IsDefined()) << name << " is in plain text";
      EXPECT_TRUE(env["valueFrom"]["secretKeyRef"].IsMap()) << name;
    }
    database_from_secret |= name == "EQUALSAY_DATABASE_URL";
  }
  EXPECT_TRUE(database_from_secret);

  // Every rendered document: no Secret of our own but the generated first
  // token and data key (nothing a person typed into values), no URL with a
  // password, no token elsewhere.
  for (auto [it, end] = docs.equal_range("Secret"); it != end; ++it) {
    const std::string name = it->second["metadata"]["name"].as<std::string>();
    EXPECT_TRUE(absl::EndsWith(name, "-bootstrap") ||
                absl::EndsWith(name, "-data-keys"))
        << name;
    EXPECT_EQ(it->second["data"].size(), 1u);
  }
  const YAML::Node config = One(docs, "ConfigMap");
  for (const auto& entry : config["data"]) {
    const std::string key = entry.first.as<std::string>();
    const std::string value = entry.second.as<std::string>();
    EXPECT_FALSE(std::regex_search(key, std::regex("DATABASE|TOKEN|PASSWORD")))
        << key;
    EXPECT_THAT(value, ::testing::Not(HasSubstr("://"))) << key;
  }

  // The Service exposes both ports; the NetworkPolicy admits only them.
  const YAML::Node service = One(docs, "Service");
  EXPECT_EQ(service["spec"]["ports"].size(), 2u);
  const YAML::Node policy = One(docs, "NetworkPolicy");
  EXPECT_EQ(policy["spec"]["ingress"][0]["ports"].size(), 2u);
  EXPECT_EQ(pod["topologySpreadConstraints"].size(), 2u);
}

TEST(ChartTest, LintsForBothProfiles) {
  Helm h = RunHelm({"lint", kChart});
  EXPECT_EQ(h.code, 0) << h.out << h.err;
  h = RunHelm({"lint", kChart, "-f", kHaValues});
  EXPECT_EQ(h.code, 0) << h.out << h.err;
}

TEST(ChartTest, DefaultProfileIsTwoReplicasOnAnExternalDatabase) {
  const auto docs = Render();
  ExpectSafeServer(docs);
  const YAML::Node deployment = One(docs, "Deployment");
  const int replicas = deployment["spec"]["replicas"].as<int>();
  EXPECT_EQ(replicas, 2);
  EXPECT_LT(One(docs, "PodDisruptionBudget")["spec"]["minAvailable"].as<int>(),
            replicas);
  EXPECT_EQ(docs.count("HorizontalPodAutoscaler"), 0u);
  EXPECT_EQ(docs.count("Cluster"), 0u);
  for (const YAML::Node& env : Container(deployment)["env"]) {
    if (env["name"].as<std::string>() != "EQUALSAY_DATABASE_URL") continue;
    EXPECT_EQ(env["valueFrom"]["secretKeyRef"]["name"].as<std::string>(),
              "equalsay-database");
  }
}

TEST(ChartTest, HighlyAvailableProfileRunsOnCloudNativePg) {
  const auto docs = Render({"-f", kHaValues});
  ExpectSafeServer(docs);
  const YAML::Node cluster = One(docs, "Cluster");
  EXPECT_EQ(cluster["apiVersion"].as<std::string>(), "postgresql.cnpg.io/v1");
  EXPECT_EQ(cluster["spec"]["instances"].as<int>(), 3);
  const std::string cluster_name =
      cluster["metadata"]["name"].as<std::string>();

  // The autoscaler owns the replica count; the budget fits below its floor.
  const YAML::Node deployment = One(docs, "Deployment");
  EXPECT_FALSE(deployment["spec"]["replicas"].IsDefined());
  const YAML::Node hpa = One(docs, "HorizontalPodAutoscaler");
  EXPECT_EQ(hpa["spec"]["minReplicas"].as<int>(), 3);
  EXPECT_EQ(hpa["spec"]["scaleTargetRef"]["name"].as<std::string>(),
            deployment["metadata"]["name"].as<std::string>());
  EXPECT_LT(One(docs, "PodDisruptionBudget")["spec"]["minAvailable"].as<int>(),
            hpa["spec"]["minReplicas"].as<int>());

  // The server reads the operator's app Secret, and may reach only it.
  for (const YAML::Node& env : Container(deployment)["env"]) {
    if (env["name"].as<std::string>() != "EQUALSAY_DATABASE_URL") continue;
    EXPECT_EQ(env["valueFrom"]["secretKeyRef"]["name"].as<std::string>(),
              cluster_name + "-app");
    EXPECT_EQ(env["valueFrom"]["secretKeyRef"]["key"].as<std::string>(), "uri");
  }
  // Never two replicas on a node; zones only where nodes are labelled with
  // one (DoNotSchedule on a missing label would leave pods Pending).
  std::map<std::string, std::string> spread;
  for (const YAML::Node& c :
       deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]) {
    spread[c["topologyKey"].as<std::string>()] =
        c["whenUnsatisfiable"].as<std::string>();
  }
  EXPECT_EQ(spread["kubernetes.io/hostname"], "DoNotSchedule");
  EXPECT_EQ(spread["topology.kubernetes.io/zone"], "ScheduleAnyway");

  const YAML::Node egress = One(docs, "NetworkPolicy")["spec"]["egress"];
  EXPECT_EQ(egress[1]["to"][0]["podSelector"]["matchLabels"]["cnpg.io/cluster"]
                .as<std::string>(),
            cluster_name);
}

// The first administrator's token never reaches a pod's log: by default the
// chart generates it into a Secret it keeps; one of your own is used as
// given; only with generate=false does the server make and print one.
TEST(ChartTest, TheBootstrapTokenComesFromASecret) {
  const auto generated = Render();
  const YAML::Node secret =
      SecretNamed(generated, SecretOf(generated, "EQUALSAY_BOOTSTRAP_TOKEN"));
  EXPECT_EQ(secret["metadata"]["annotations"]["helm.sh/resource-policy"]
                .as<std::string>(),
            "keep");
  std::string token;
  ASSERT_TRUE(
      absl::Base64Unescape(secret["data"]["token"].as<std::string>(), &token));
  EXPECT_TRUE(std::regex_match(token, std::regex("eqs_[A-Za-z0-9]{43}")))
      << token;

  const auto own = Render({"--set", "bootstrap.existingSecret=equalsay-admin"});
  ExpectSafeServer(own);
  EXPECT_EQ(SecretOf(own, "EQUALSAY_BOOTSTRAP_TOKEN"), "equalsay-admin");
  EXPECT_EQ(own.count("Secret"), 1u);  // The data key's.

  const auto printed = Render({"--set", "bootstrap.generate=false"});
  EXPECT_EQ(SecretOf(printed, "EQUALSAY_BOOTSTRAP_TOKEN"), "");
  EXPECT_EQ(printed.count("Secret"), 1u);
}

// The key that locks personal data is made once into a Secret the chart
// keeps (an upgrade or uninstall must never lose it), or taken from yours.
TEST(ChartTest, TheDataKeyComesFromASecretTheChartKeeps) {
  const auto generated = Render();
  const YAML::Node secret =
      SecretNamed(generated, SecretOf(generated, "EQUALSAY_DATA_KEYS"));
  EXPECT_EQ(secret["metadata"]["annotations"]["helm.sh/resource-policy"]
                .as<std::string>(),
            "keep");
  std::string keys;
  ASSERT_TRUE(
      absl::Base64Unescape(secret["data"]["keys"].as<std::string>(), &keys));
  EXPECT_TRUE(std::regex_match(keys, std::regex("main:[A-Za-z0-9]{64}")))
      << keys;

  const auto own = Render({"--set", "dataKeys.existingSecret=equalsay-keys"});
  ExpectSafeServer(own);
  EXPECT_EQ(SecretOf(own, "EQUALSAY_DATA_KEYS"), "equalsay-keys");
  EXPECT_EQ(own.count("Secret"), 1u);  // The first token's.
}

// A stopping pod pauses before SIGTERM so endpoints drain, and its grace
// period covers the pause and the server's own shutdown grace.
TEST(ChartTest, PodsDrainBeforeTheyStop) {
  const YAML::Node deployment = One(Render(), "Deployment");
  EXPECT_EQ(Container(deployment)["lifecycle"]["preStop"]["exec"]["command"][1]
                .as<std::string>(),
            "5");
  EXPECT_EQ(
      deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
          .as<int>(),
      10 + 5 + 5);
}

// On CloudNativePG: enough connections for every replica's pool at the
// autoscaler's ceiling, and, when asked, continuous backup to an object
// store with a scheduled base backup.
TEST(ChartTest, CloudNativePgIsSizedAndBackedUp) {
  const auto plain = Render({"-f", kHaValues});
  EXPECT_EQ(
      One(plain,
          "Cluster")["spec"]["postgresql"]["parameters"]["max_connections"]
          .as<std::string>(),
      std::to_string(12 * (16 + 2) + 20));
  EXPECT_FALSE(One(plain, "Cluster")["spec"]["backup"].IsDefined());
  EXPECT_EQ(plain.count("ScheduledBackup"), 0u);

  const auto docs =
      Render({"-f", kHaValues, "--set",
              "database.cloudnativepg.backup.enabled=true", "--set",
              "database.cloudnativepg.backup.destinationPath=s3://b/equalsay"});
  const YAML::Node cluster = One(docs, "Cluster");
  const YAML::Node store = cluster["spec"]["backup"]["barmanObjectStore"];
  EXPECT_EQ(store["destinationPath"].as<std::string>(), "s3://b/equalsay");
  EXPECT_EQ(store["s3Credentials"]["accessKeyId"]["name"].as<std::string>(),
            "equalsay-backup-store");
  EXPECT_EQ(cluster["spec"]["backup"]["retentionPolicy"].as<std::string>(),
            "30d");
  EXPECT_EQ(
      One(docs, "ScheduledBackup")["spec"]["cluster"]["name"].as<std::string>(),
      cluster["metadata"]["name"].as<std::string>());
}

// The owner role's URL reaches the server from its own Secret when given,
// and is absent otherwise.
TEST(ChartTest, TheTablesOwnerComesFromItsOwnSecret) {
  EXPECT_EQ(SecretOf(Render({}), "EQUALSAY_OWNER_DATABASE_URL"), "");
  const auto docs =
      Render({"--set", "database.external.ownerSecret=equalsay-owner"});
  ExpectSafeServer(docs);
  EXPECT_EQ(SecretOf(docs, "EQUALSAY_OWNER_DATABASE_URL"), "equalsay-owner");
}

// Logs are JSON for a collector; /metrics is read only with the token from
// a Secret, which the server and the ServiceMonitor both take.
TEST(ChartTest, JsonLogsAndMetricsReadWithATokenFromASecret) {
  const auto plain = Render({});
  EXPECT_EQ(
      One(plain, "ConfigMap")["data"]["EQUALSAY_LOG_FORMAT"].as<std::string>(),
      "json");
  EXPECT_EQ(SecretOf(plain, "EQUALSAY_METRICS_TOKEN"), "");
  EXPECT_EQ(plain.count("ServiceMonitor"), 0u);

  const auto docs = Render({"--set", "metrics.enabled=true", "--set",
                            "metrics.serviceMonitor.enabled=true", "--set",
                            "metrics.serviceMonitor.labels.release=prom"});
  ExpectSafeServer(docs);
  EXPECT_EQ(SecretOf(docs, "EQUALSAY_METRICS_TOKEN"), "equalsay-metrics");
  const YAML::Node monitor = One(docs, "ServiceMonitor");
  EXPECT_EQ(monitor["metadata"]["labels"]["release"].as<std::string>(), "prom");
  const YAML::Node endpoint = monitor["spec"]["endpoints"][0];
  EXPECT_EQ(endpoint["port"].as<std::string>(), "http");
  EXPECT_EQ(endpoint["path"].as<std::string>(), "/metrics");
  EXPECT_EQ(endpoint["bearerTokenSecret"]["name"].as<std::string>(),
            "equalsay-metrics");
  EXPECT_EQ(endpoint["bearerTokenSecret"]["key"].as<std::string>(), "token");
}

// E-mail: the mail server's URL (with its password) from a Secret, and an
// egress rule that lets the pods reach it, only when asked for.
TEST(ChartTest, MailGoesThroughTheServerNamedInASecret) {
  const auto plain = Render({});
  EXPECT_EQ(SecretOf(plain, "EQUALSAY_SMTP_URL"), "");
  const auto docs = Render({"--set", "mail.enabled=true", "--set",
                            "mail.from=equalsay <equalsay@trust.nhs.uk>",
                            "--set", "mail.cidrs[0]=10.1.2.3/32"});
  ExpectSafeServer(docs);
  EXPECT_EQ(SecretOf(docs, "EQUALSAY_SMTP_URL"), "equalsay-smtp");
  bool from = false;
  for (const auto& env :
       One(docs,
           "Deployment")["spec"]["template"]["spec"]["containers"][0]["env"]) {
    if (env["name"].as<std::string>() == "EQUALSAY_MAIL_FROM") {
      from =
          env["value"].as<std::string>() == "equalsay <equalsay@trust.nhs.uk>";
    }
  }
  EXPECT_TRUE(from);
  bool egress = false;
  for (const auto& rule : One(docs, "NetworkPolicy")["spec"]["egress"]) {
    if (rule["ports"][0]["port"].as<int>() == 587) {
      egress =
          rule["to"][0]["ipBlock"]["cidr"].as<std::string>() == "10.1.2.3/32";
    }
  }
  EXPECT_TRUE(egress) << "the pods could not reach the mail server";
}

// Single sign-on: the provider's settings, its client secret from a
// Secret, and an egress rule to it on 443, only when asked for.
TEST(ChartTest, StaffSignInThroughTheProviderNamed) {
  EXPECT_EQ(SecretOf(Render({}), "EQUALSAY_OIDC_CLIENT_SECRET"), "");
  const auto docs = Render(
      {"--set", "singleSignOn.enabled=true", "--set",
       "singleSignOn.issuer=https://login.microsoftonline.com/t/v2.0", "--set",
       "singleSignOn.clientId=abc", "--set", "singleSignOn.trustEmail=true",
       "--set", "singleSignOn.existingSecret=equalsay-sso", "--set",
       "singleSignOn.cidrs[0]=20.190.128.0/18"});
  ExpectSafeServer(docs);
  EXPECT_EQ(SecretOf(docs, "EQUALSAY_OIDC_CLIENT_SECRET"), "equalsay-sso");
  std::map<std::string, std::string> env;
  for (const auto& e :
       One(docs,
           "Deployment")["spec"]["template"]["spec"]["containers"][0]["env"]) {
    if (e["value"])
      env[e["name"].as<std::string>()] = e["value"].as<std::string>();
  }
  EXPECT_EQ(env["EQUALSAY_OIDC_ISSUER"],
            "https://login.microsoftonline.com/t/v2.0");
  EXPECT_EQ(env["EQUALSAY_OIDC_CLIENT_ID"], "abc");
  EXPECT_EQ(env["EQUALSAY_OIDC_TRUST_EMAIL"], "true");
  bool egress = false;
  for (const auto& rule : One(docs, "NetworkPolicy")["spec"]["egress"]) {
    if (rule["ports"][0]["port"].as<int>() == 443 && rule["to"]) {
      egress = rule["to"][0]["ipBlock"]["cidr"].as<std::string>() ==
               "20.190.128.0/18";
    }
  }
  EXPECT_TRUE(egress) << "the pods could not reach the provider";
}

TEST(ChartTest, WrongValuesFailAtInstallTimeWithAClearMessage) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--set", "replicaCount=0"}, "replicaCount"},
      {{"--set", "replicas=3"}, "additional properties 'replicas'"},
      {{"--set", "server.grpcPort=70000"}, "grpcPort"},
      {{"--set", "image.pullPolicy=Sometimes"}, "pullPolicy"},
      {{"--set", "server.extraEnv[0].name=EQUALSAY_DATABASE_URL", "--set",
        "server.extraEnv[0].value=postgresql://u:p@h/db"},
       "extraEnv"},
      {{"--set", "database.external.existingSecret="},
       "equalsay needs a database"},
      {{"--set", "database.cloudnativepg.enabled=true"}, "Choose one database"},
      {{"--set", "podDisruptionBudget.minAvailable=2"},
       "podDisruptionBudget.minAvailable (2) must be below the number of "
       "replicas (2)"},
      {{"--set", "ingress.enabled=true"}, "ingress.host is required"},
      {{"--set", "metrics.serviceMonitor.enabled=true"},
       "metrics.serviceMonitor.enabled needs metrics.enabled"},
      {{"--set", "server.logFormat=xml"}, "logFormat"},
      {{"--set", "mail.enabled=true"}, "mail.enabled needs mail.from"},
      {{"--set", "singleSignOn.enabled=true"},
       "singleSignOn.enabled needs singleSignOn.issuer"},
      {{"--set", "singleSignOn.issuer=http://idp.example.org"}, "issuer"},
      // As many writers again save score sheets: 8 and 8 fill a pool of 16.
      {{"--set", "server.ballotWriters=8"},
       "server.ballotWriters (8) must be below half of server.dbPoolSize "
       "(16)"},
      {{"-f", kHaValues, "--set", "database.cloudnativepg.backup.enabled=true"},
       "needs database.cloudnativepg.backup.destinationPath"},
  };
  for (const auto& [args, message] : cases) {
    std::vector<std::string> all = {"template", "eq", kChart};
    all.insert(all.end(), args.begin(), args.end());
    const Helm h = RunHelm(all);
    EXPECT_NE(h.code, 0) << args[1];
    EXPECT_THAT(h.err, HasSubstr(message)) << args[1];
  }
}

}  // namespace
}  // namespace equalsay::testing
