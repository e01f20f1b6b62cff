// The round's pack: documents an administrator adds, which everyone in the
// round reads, the same for both panels; nobody outside the round, no
// names behind references in titles, and bad files refused unchanged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kJobDescription[] =
    "Peer support worker\n\nYou will use your own experience of recovery to "
    "support people using our services.\n";

class PackTest : public RoundFixture {
 protected:
  grpc::Status Add(const Account& who, v1::AddDocumentRequest req,
                   v1::Document* out) {
    req.set_request_id(Api::NewId());
    return panels().AddDocument(As(who).get(), req, out);
  }
  static v1::AddDocumentRequest Doc(const Cast& c, v1::DocumentKind kind,
                                    std::string content,
                                    const std::string& candidate_id = "",
                                    const std::string& title = "") {
    v1::AddDocumentRequest req;
    req.set_round_id(c.round.id());
    req.set_kind(kind);
    req.set_content(std::move(content));
    req.set_candidate_id(candidate_id);
    req.set_title(title);
    return req;
  }
  v1::ListDocumentsResponse List(const Account& who, const Cast& c,
                                 grpc::Status* status = nullptr) {
    v1::ListDocumentsRequest req;
    req.set_round_id(c.round.id());
    v1::ListDocumentsResponse out;
    const grpc::Status s = panels().ListDocuments(As(who).get(), req, &out);
    if (status != nullptr) *status = s;
    return out;
  }
  grpc::Status Get(const Account& who, const std::string& id,
                   v1::Document* out) {
    v1::GetDocumentRequest req;
    req.set_document_id(id);
    return panels().GetDocument(As(who).get(), req, out);
  }
};

TEST_F(PackTest, EveryoneInTheRoundReadsTheSamePackAndNobodyElse) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::Document job, cv;
  ASSERT_TRUE(Add(admin_,
                  Doc(c, v1::DOCUMENT_KIND_JOB_DESCRIPTION, kJobDescription),
                  &job)
                  .ok());
  EXPECT_EQ(job.title(), "Job description");  // The kind's name by default.
  EXPECT_EQ(job.media_type(), "text/plain; charset=utf-8");
  // A PDF of just under the limit, for the anonymised candidate: the panels
  // see the reference, never the name.
  std::string pdf = "%PDF-1.4\n";
  pdf.resize(3 * 1024 * 1024 - 1, 'x');
  ASSERT_TRUE(Add(admin_,
                  Doc(c, v1::DOCUMENT_KIND_CV, pdf, c.anonymised.id(),
                      "CV and cover letter"),
                  &cv)
                  .ok());
  EXPECT_EQ(cv.media_type(), "application/pdf");
  EXPECT_EQ(cv.size_bytes(), static_cast<int64_t>(pdf.size()));
  EXPECT_EQ(cv.candidate_label(), "Candidate B");

  // Both panels, an observer and HR see the same list.
  const v1::ListDocumentsResponse seen = List(c.su_member, c);
  ASSERT_EQ(seen.documents_size(), 2);
  EXPECT_EQ(seen.documents(0).id(), job.id());  // The whole round's first.
  EXPECT_EQ(seen.documents(1).candidate_label(), "Candidate B");
  EXPECT_TRUE(seen.documents(1).content().empty());  // A list, not files.
  for (const Account* who : {&c.staff_member, &c.observer, &c.hr}) {
    EXPECT_EQ(List(*who, c).SerializeAsString(), seen.SerializeAsString());
  }
  v1::Document read;
  ASSERT_TRUE(Get(c.staff_member, cv.id(), &read).ok());
  EXPECT_EQ(read.content(), pdf);  // Every byte, as added.
  ASSERT_TRUE(Get(c.su_member, job.id(), &read).ok());
  EXPECT_EQ(read.content(), kJobDescription);

  // Nobody outside the round sees it, or can tell it is there.
  grpc::Status s;
  List(c.outsider, c, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(c.outsider, cv.id(), &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The trail says what was added, without its title (it could name the
  // candidate).
  EXPECT_EQ(db_.Query("SELECT payload->>'kind' FROM events WHERE action = "
                      "'document.added' ORDER BY seq DESC LIMIT 1"),
            "CV");
  EXPECT_EQ(Count("events WHERE action = 'document.added' AND payload::text "
                  "LIKE '%cover letter%'"),
            0);
}

TEST_F(PackTest, BadDocumentsAreRefusedSayingWhyAndChangeNothing) {
  const Cast c = BuildRecruitment(/*open=*/false);
  const Cast other = BuildRecruitment(/*open=*/false);
  struct Case {
    v1::AddDocumentRequest req;
    const Account* who;
    grpc::StatusCode code;
    std::string says;
  };
  std::vector<Case> cases = {
      {Doc(c, v1::DOCUMENT_KIND_CV, ""), &admin_,
       grpc::StatusCode::INVALID_ARGUMENT, "content is empty"},
      {Doc(c, v1::DOCUMENT_KIND_CV, std::string(3 * 1024 * 1024 + 1, 'a')),
       &admin_, grpc::StatusCode::INVALID_ARGUMENT, "content is too large"},
      {Doc(c, v1::DOCUMENT_KIND_CV, std::string("\x89PNG\r\n\x1a\n", 8)),
       &admin_, grpc::StatusCode::INVALID_ARGUMENT,
       "content must be a PDF or plain text"},
      {Doc(c, v1::DOCUMENT_KIND_UNSPECIFIED, "text"), &admin_,
       grpc::StatusCode::INVALID_ARGUMENT, "kind must be"},
      {Doc(c, v1::DOCUMENT_KIND_CV, "text", other.named.id()), &admin_,
       grpc::StatusCode::NOT_FOUND, "candidate_id"},
      {Doc(c, v1::DOCUMENT_KIND_CV, "text", c.anonymised.id(),
           "robin lee - CV"),
       &admin_, grpc::StatusCode::INVALID_ARGUMENT, "title contains"},
      {Doc(c, v1::DOCUMENT_KIND_OTHER, "text", "", std::string(201, 'x')),
       &admin_, grpc::StatusCode::INVALID_ARGUMENT, "title is too long"},
      {Doc(c, v1::DOCUMENT_KIND_CV, "text"), &c.su_chair,
       grpc::StatusCode::PERMISSION_DENIED, ""},
  };
  const int64_t events = Count("events");
  for (const Case& k : cases) {
    v1::Document out;
    const grpc::Status s = Add(*k.who, k.req, &out);
    EXPECT_EQ(s.error_code(), k.code) << k.says << ": " << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(k.says));
  }
  EXPECT_EQ(Count("documents"), 0);
  EXPECT_EQ(Count("events"), events);
}

TEST_F(PackTest, ARemovedDocumentIsNoLongerServedAndAFinishedPackIsFixed) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::Document wrong, kept;
  ASSERT_TRUE(
      Add(admin_, Doc(c, v1::DOCUMENT_KIND_OTHER, "the wrong file"), &wrong)
          .ok());
  ASSERT_TRUE(Add(admin_,
                  Doc(c, v1::DOCUMENT_KIND_INTERVIEW_QUESTIONS, "1. Why?"),
                  &kept)
                  .ok());
  v1::RemoveDocumentRequest remove;
  remove.set_request_id(Api::NewId());
  remove.set_document_id(wrong.id());
  v1::Document out;
  EXPECT_THAT(
      panels().RemoveDocument(As(admin_).get(), remove, &out).error_message(),
      HasSubstr("reason is required"));
  remove.set_reason("It was another round's questions.");
  ASSERT_TRUE(panels().RemoveDocument(As(admin_).get(), remove, &out).ok());
  const v1::ListDocumentsResponse left = List(c.su_member, c);
  ASSERT_EQ(left.documents_size(), 1);
  EXPECT_EQ(left.documents(0).id(), kept.id());
  EXPECT_EQ(Get(c.su_member, wrong.id(), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("events WHERE action = 'document.removed'"), 1);

  v1::WithdrawRoundRequest withdraw;
  withdraw.set_request_id(Api::NewId());
  withdraw.set_round_id(c.round.id());
  withdraw.set_reason("The post is no longer funded.");
  v1::Round round;
  ASSERT_TRUE(panels().WithdrawRound(As(admin_).get(), withdraw, &round).ok());
  const grpc::Status late =
      Add(admin_, Doc(c, v1::DOCUMENT_KIND_OTHER, "too late"), &out);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("its pack can no longer change"));
  // What was in the pack can still be read.
  ASSERT_TRUE(Get(c.su_member, kept.id(), &out).ok());
  EXPECT_EQ(out.content(), "1. Why?");
}

}  // namespace
}  // namespace equalsay::testing
