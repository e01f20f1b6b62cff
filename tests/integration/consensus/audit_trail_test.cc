// The audit trail on real PostgreSQL: append-only for the service, sealed in
// the background by any number of servers, and every kind of tampering
// (done directly in SQL, as a superuser) named by sequence number.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using Kind = v1::AuditFinding;

class AuditTrailTest : public RoundFixture {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_SEAL_INTERVAL_MS", "50"}};
  }
  void SetUp() override {
    RoundFixture::SetUp();
    BuildRecruitment(/*open=*/true);  // Some thirty events.
  }

  v1::AuditReport Verify() {
    v1::AuditReport report;
    const grpc::Status s =
        consensus().VerifyAuditTrail(As(admin_).get(), {}, &report);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return report;
  }
  // Waits until the sealers have sealed every event.
  v1::AuditReport WaitUntilSealed() {
    v1::AuditReport report;
    for (int i = 0; i < 100; ++i) {
      report = Verify();
      if (report.sealed() == report.events()) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    EXPECT_EQ(report.sealed(), report.events());
    return report;
  }
  // Runs SQL as the superuser with the append-only triggers off, as a
  // tamperer with full access to the database would.
  void Tamper(const std::string& sql) {
    pqxx::connection conn = db_.Superuser();
    pqxx::work txn(conn);
    txn.exec("SET session_replication_role = replica");
    txn.exec(sql);
    txn.commit();
  }
  int64_t Seq(int nth) {  // The nth event, counting from 1.
    return std::stoll(db_.Query(absl::StrCat(
        "SELECT seq FROM events ORDER BY seq OFFSET ", nth - 1, " LIMIT 1")));
  }
};

TEST_F(AuditTrailTest, AnUntouchedTrailIsIntactAndOnlyAdministratorsCheck) {
  const v1::AuditReport report = WaitUntilSealed();
  EXPECT_TRUE(report.intact()) << report.DebugString();
  EXPECT_GT(report.events(), 20);
  EXPECT_GE(report.seals(), 1);
  EXPECT_THAT(report.explanation(), HasSubstr("The audit trail is intact"));
  // It reads the whole trail, so only administrators may ask, and one
  // check at a time: many at once do not pile up in memory.
  for (v1::OrgRole role : {v1::ORG_ROLE_MEMBER, v1::ORG_ROLE_HR}) {
    const Account someone = api_->NewPerson(admin_, "Gus", role);
    v1::AuditReport theirs;
    EXPECT_EQ(consensus()
                  .VerifyAuditTrail(As(someone).get(), {}, &theirs)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  std::vector<std::thread> checks;
  std::atomic<int> ok{0}, busy{0};
  for (int i = 0; i < 6; ++i) {
    checks.emplace_back([&] {
      Api api(server_->grpc_addr());
      v1::AuditReport each;
      const grpc::Status s = api.consensus().VerifyAuditTrail(
          api.Ctx(admin_.token).get(), {}, &each);
      (s.ok() ? ok : busy)++;
      if (!s.ok()) {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
        EXPECT_THAT(s.error_message(), HasSubstr("being checked already"));
      }
    });
  }
  for (std::thread& t : checks) t.join();
  EXPECT_GE(ok.load(), 1);
  EXPECT_EQ(ok + busy, 6);
}

TEST_F(AuditTrailTest, TheServiceCannotChangeOrDeleteEvents) {
  pqxx::connection app(db_.url());  // The service's own database role.
  for (const char* sql :
       {"UPDATE events SET action = 'x'", "DELETE FROM events",
        "TRUNCATE events", "DELETE FROM audit_seals"}) {
    pqxx::work txn(app);
    EXPECT_THROW(txn.exec(sql), pqxx::sql_error) << sql;
  }
  // The tables belong to another role, so the service's role cannot give
  // itself back the right, switch the trigger off, or slip an event in
  // among older ones with a number, time or transaction of its choosing.
  ASSERT_FALSE(db_.owner_url().empty()) << "scripts/test makes an owner role";
  EXPECT_EQ(db_.Query("SELECT tableowner FROM pg_tables WHERE tablename = "
                      "'events'"),
            "equalsay_owner");
  for (const char* sql :
       {"ALTER TABLE events DISABLE TRIGGER USER",
        "DROP TRIGGER events_append_only ON events",
        "INSERT INTO events (seq, action, subject) OVERRIDING SYSTEM "
        "VALUE VALUES (0, 'person.created', 'person/99')",
        "UPDATE schema_migrations SET checksum = 'x'",
        "SET session_replication_role = replica"}) {
    pqxx::work txn(app);
    EXPECT_THROW(txn.exec(sql), pqxx::sql_error) << sql;
  }
  {  // A grant by a role that does not own the table grants nothing.
    pqxx::work txn(app);
    txn.exec("GRANT UPDATE, DELETE ON events TO equalsay");
    txn.commit();
  }
  EXPECT_EQ(db_.Query("SELECT has_table_privilege('equalsay', 'events', "
                      "'UPDATE') OR has_table_privilege('equalsay', "
                      "'events', 'DELETE')"),
            "f");
  {  // A back-dated time and a borrowed transaction become the real ones.
    pqxx::work txn(app);
    txn.exec(
        "INSERT INTO events (action, subject, at, xid) VALUES "
        "('person.created', 'person/99', '2020-01-01', '1')");
    txn.commit();
  }
  EXPECT_EQ(db_.Query("SELECT at::date::text || ' ' || (xid = '1') FROM "
                      "events ORDER BY seq DESC LIMIT 1"),
            absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone()) +
                " false");
  // Even a superuser is stopped by the trigger unless they switch it off.
  pqxx::connection admin = db_.Superuser();
  pqxx::work txn(admin);
  try {
    txn.exec("DELETE FROM events");
    ADD_FAILURE() << "the trigger let a delete through";
  } catch (const pqxx::sql_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("the audit trail is append-only"));
  }
}

// Events name people by id without a foreign key (it locked the person's
// row in every change), so people must never go: they are deactivated, or
// their personal data erased with the row kept.
TEST_F(AuditTrailTest, EveryoneTheTrailNamesStays) {
  const Account gus = api_->NewPerson(admin_, "Gus", v1::ORG_ROLE_MEMBER);
  pqxx::connection app(db_.url());
  for (const std::string& sql : {"DELETE FROM people WHERE id = " + gus.id,
                                 std::string("TRUNCATE people CASCADE")}) {
    pqxx::work txn(app);
    EXPECT_THROW(txn.exec(sql), pqxx::sql_error) << sql;
  }
  pqxx::connection admin = db_.Superuser();
  pqxx::work txn(admin);
  try {
    txn.exec("DELETE FROM people WHERE id = " + gus.id);
    ADD_FAILURE() << "the trigger let a delete through";
  } catch (const pqxx::sql_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("deactivate the person, or erase their "
                                    "personal data (equalsay person erase)"));
  }
  EXPECT_EQ(db_.Query("SELECT count(*) FROM people WHERE id = " + gus.id), "1");
}

TEST_F(AuditTrailTest, AChangedEventIsNamed) {
  WaitUntilSealed();
  const int64_t seq = Seq(5);
  Tamper(absl::StrCat(
      "UPDATE events SET payload = '{\"org_role\": \"ADMIN\"}' WHERE seq = ",
      seq));
  const v1::AuditReport report = Verify();
  EXPECT_FALSE(report.intact());
  ASSERT_EQ(report.findings_size(), 1) << report.DebugString();
  EXPECT_EQ(report.findings(0).kind(), Kind::KIND_CHANGED);
  EXPECT_EQ(report.findings(0).seq(), seq);
}

TEST_F(AuditTrailTest, ADeletedEventIsNamed) {
  WaitUntilSealed();
  const int64_t seq = Seq(7);
  Tamper(absl::StrCat("DELETE FROM events WHERE seq = ", seq));
  const v1::AuditReport report = Verify();
  ASSERT_EQ(report.findings_size(), 1) << report.DebugString();
  EXPECT_EQ(report.findings(0).kind(), Kind::KIND_DELETED);
  EXPECT_EQ(report.findings(0).seq(), seq);
  EXPECT_EQ(report.findings(0).explanation(),
            absl::StrCat("Event ", seq, " was deleted."));
}

TEST_F(AuditTrailTest, InsertedEventsAreNamed) {
  WaitUntilSealed();
  // One slipped in before the others, as if it had always been the first...
  Tamper(
      "INSERT INTO events (seq, actor_id, action, subject, payload) "
      "OVERRIDING SYSTEM VALUE VALUES (0, 1, 'person.created', "
      "'person/98', '{}')");
  // ...and one dressed up as written by a transaction long since sealed.
  Tamper(
      absl::StrCat("INSERT INTO events (seq, actor_id, action, subject, "
                   "payload, xid) OVERRIDING SYSTEM VALUE SELECT 1000000, "
                   "1, 'person.created', 'person/99', '{}', xid FROM events "
                   "WHERE seq = ",
                   Seq(3)));
  // ...and one as far from the others as a number can be, which the
  // verifier, reading the trail a page at a time, must still reach.
  Tamper(
      absl::StrCat("INSERT INTO events (seq, actor_id, action, subject, "
                   "payload, xid) OVERRIDING SYSTEM VALUE SELECT "
                   "9223372036854775807, 1, 'person.created', 'person/97', "
                   "'{}', xid FROM events WHERE seq = ",
                   Seq(3)));
  const v1::AuditReport report = Verify();
  ASSERT_EQ(report.findings_size(), 3) << report.DebugString();
  EXPECT_EQ(report.findings(0).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(report.findings(0).seq(), 0);
  EXPECT_EQ(report.findings(1).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(report.findings(1).seq(), 1000000);
  EXPECT_EQ(report.findings(2).seq(), 9223372036854775807);
}

TEST_F(AuditTrailTest, ReorderedEventsAreNamed) {
  WaitUntilSealed();
  const int64_t a = Seq(4), b = Seq(9);
  // The two events trade places in the sequence.
  Tamper(absl::StrCat(
      "UPDATE events e SET at = o.at, actor_id = o.actor_id, action = "
      "o.action, subject = o.subject, round_id = o.round_id, payload = "
      "o.payload, xid = o.xid FROM (SELECT * FROM events WHERE seq IN (",
      a, ", ", b, ")) o WHERE e.seq IN (", a, ", ", b, ") AND o.seq <> e.seq"));
  const v1::AuditReport report = Verify();
  ASSERT_EQ(report.findings_size(), 2) << report.DebugString();
  EXPECT_EQ(report.findings(0).kind(), Kind::KIND_REORDERED);
  EXPECT_EQ(report.findings(0).seq(), a);
  EXPECT_EQ(report.findings(1).kind(), Kind::KIND_REORDERED);
  EXPECT_EQ(report.findings(1).seq(), b);
}

// Two servers seal at once while changes keep coming, and one restarts:
// every event ends up in exactly one seal and the chain holds.
TEST_F(AuditTrailTest, TwoServersAndARestartKeepOneChain) {
  const std::unique_ptr<ServerProcess> second = AnotherServer();
  ASSERT_NE(second, nullptr);
  Api other(second->grpc_addr());
  for (int i = 0; i < 40; ++i) {
    api_->NewPerson(admin_, absl::StrCat("Here ", i), v1::ORG_ROLE_MEMBER);
    other.NewPerson(admin_, absl::StrCat("There ", i), v1::ORG_ROLE_MEMBER);
  }
  StopServer();
  StartServer();
  api_->NewPerson(admin_, "After the restart", v1::ORG_ROLE_MEMBER);

  const v1::AuditReport report = WaitUntilSealed();
  EXPECT_TRUE(report.intact()) << report.DebugString();
  EXPECT_GE(report.seals(), 2);
  EXPECT_EQ(db_.Query("SELECT count(*) = count(DISTINCT seq) FROM "
                      "audit_sealed_events"),
            "t");
}

// A superuser's hand-written events, with triggers off, that look like a
// slow transaction's: the server's own transactions end within its call
// timeout (2 s here), so an event committed over 3 s after its place was
// taken is not sealed.
class BackDatingTest : public AuditTrailTest {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_SEAL_INTERVAL_MS", "50"},
            {"EQUALSAY_DB_CALL_TIMEOUT_MS", "2000"},
            {"EQUALSAY_AUDIT_LATE_COMMIT_MS", "3000"}};
  }
  // An event written the ordinary way in `txn`: its sequence number, time
  // and transaction, as text.
  struct Written {
    std::string seq, at, xid;
  };
  static Written WriteEvent(pqxx::transaction_base& txn,
                            const std::string& subject) {
    const pqxx::row row = txn.exec1(
        "INSERT INTO events (actor_id, action, subject, payload) VALUES "
        "(1, 'person.created', '" +
        subject + "', '{}') RETURNING seq::text, at::text, xid::text");
    return {row[0].as<std::string>(), row[1].as<std::string>(),
            row[2].as<std::string>()};
  }
  // Writes, with triggers off, an event at `seq` that claims time `at` and
  // transaction `xid`.
  static void Forge(pqxx::transaction_base& txn, const Written& as,
                    const std::string& xid_sql) {
    txn.exec("SET LOCAL session_replication_role = replica");
    txn.exec(
        "INSERT INTO events (seq, at, actor_id, action, subject, payload, "
        "xid) OVERRIDING SYSTEM VALUE VALUES (" +
        as.seq + ", '" + as.at + "', 1, 'person.created', 'person/94', '{}', " +
        xid_sql + ")");
  }
  // Waits until every event but `left_out` is sealed and the last seal
  // covers them all.
  v1::AuditReport WaitUntilSealedBut(int left_out) {
    v1::AuditReport report;
    for (int i = 0; i < 200; ++i) {
      report = Verify();
      if (report.sealed() + left_out == report.events() &&
          report.findings_size() == left_out) {
        break;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    return report;
  }
};

// The case the sealer once sealed as genuine: a transaction held open
// across a seal, with an event written into it later, in the gap a rolled
// back transaction left and at the time that gap's event had.
TEST_F(BackDatingTest, AnEventWrittenIntoAGapLongAfterIsNamed) {
  WaitUntilSealed();
  pqxx::connection gap_conn = db_.Superuser(), held_conn = db_.Superuser(),
                   before_conn = db_.Superuser();
  Written gap;
  {
    pqxx::work rolled_back(gap_conn);
    gap = WriteEvent(rolled_back, "person/96");
  }  // Rolled back: its sequence number stays free.
  // The held transaction begins between two others: one that began before
  // it and ends after it began (so a seal is made while it is open, above
  // the gap), and one that began after it and ended first (so the seal
  // cannot tell it began late).
  pqxx::work before(before_conn);
  WriteEvent(before, "person/93");
  pqxx::work held(held_conn);
  held.exec("SELECT pg_current_xact_id()");  // Held open across a seal...
  {
    pqxx::connection after_conn = db_.Superuser();
    pqxx::work after(after_conn);
    WriteEvent(after, "person/92");
    after.commit();
  }
  before.commit();
  for (int i = 0; i < 100 && db_.Query("SELECT count(*) FROM audit_sealed_"
                                       "events s JOIN events e USING (seq) "
                                       "WHERE e.subject = 'person/93'") == "0";
       ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  {  // ...while an honest, slow transaction (1 s) commits and is sealed.
    pqxx::connection slow_conn = db_.Superuser();
    pqxx::work slow(slow_conn);
    WriteEvent(slow, "person/95");
    absl::SleepFor(absl::Seconds(1));
    slow.commit();
  }
  absl::SleepFor(absl::Milliseconds(3500));
  Forge(held, gap, "pg_current_xact_id()");
  held.commit();

  const v1::AuditReport report = WaitUntilSealedBut(1);
  ASSERT_EQ(report.findings_size(), 1) << report.DebugString();
  EXPECT_EQ(report.findings(0).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(report.findings(0).seq(), std::stoll(gap.seq));
  EXPECT_EQ(report.sealed() + 1, report.events());
  EXPECT_EQ(db_.Query("SELECT count(*) FROM audit_sealed_events WHERE seq = " +
                      gap.seq),
            "0");
}

// An event that names a transaction which rolled back was not written by
// it, however plausible its place and time.
TEST_F(BackDatingTest, AnEventNamingARolledBackTransactionIsNamed) {
  WaitUntilSealed();
  pqxx::connection lock_conn = db_.Superuser();
  pqxx::nontransaction lock(lock_conn);
  lock.exec("SELECT pg_advisory_lock(7165746163)");  // No seals meanwhile.
  pqxx::connection gap_conn = db_.Superuser();
  Written gap;
  {
    pqxx::work rolled_back(gap_conn);
    gap = WriteEvent(rolled_back, "person/96");
  }
  {
    pqxx::connection forger = db_.Superuser();
    pqxx::work txn(forger);
    Forge(txn, gap, "'" + gap.xid + "'");
    txn.commit();
  }
  api_->NewPerson(admin_, "After the gap", v1::ORG_ROLE_MEMBER);
  lock.exec("SELECT pg_advisory_unlock(7165746163)");

  const v1::AuditReport report = WaitUntilSealedBut(1);
  ASSERT_EQ(report.findings_size(), 1) << report.DebugString();
  EXPECT_EQ(report.findings(0).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(report.findings(0).seq(), std::stoll(gap.seq));
}

}  // namespace
}  // namespace equalsay::testing
