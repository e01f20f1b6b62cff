// Fuzzes every request message of the protocol through the checks the
// services make before touching the database: the bytes are read as the
// chosen call's request (the first byte chooses), then its ids, request id
// and text fields, and the call's own rules where it has them. Any crash,
// sanitizer report or leak is a failure; so is a message that does not
// read back as it was written.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"
#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"
#include "services/common/base/ids.h"
#include "services/common/base/validation.h"
#include "services/consensus/rules/decision_rules.h"
#include "services/consensus/rules/paper_count.h"
#include "services/panels/rules/involvement.h"
#include "services/panels/rules/validation.h"
#include "services/scoring/rules/sheet_rules.h"

namespace {

namespace pb = google::protobuf;
namespace v1 = equalsay::v1;

// Every call's request type, in a fixed order.
const std::vector<const pb::Descriptor*>& RequestTypes() {
  static const auto* types = [] {
    auto* out = new std::vector<const pb::Descriptor*>;
    for (const char* name :
         {"equalsay.v1.PanelService", "equalsay.v1.ScoringService",
          "equalsay.v1.ConsensusService"}) {
      const pb::ServiceDescriptor* service =
          pb::DescriptorPool::generated_pool()->FindServiceByName(name);
      for (int i = 0; i < service->method_count(); ++i) {
        out->push_back(service->method(i)->input_type());
      }
    }
    return out;
  }();
  return *types;
}

// The checks every call makes of the fields it has.
void CheckFields(const pb::Message& m) {
  const pb::Reflection* r = m.GetReflection();
  const pb::Descriptor* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (f->is_repeated() ||
        f->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) {
      continue;
    }
    const std::string value = r->GetString(m, f);
    if (f->name() == "request_id") {
      (void)equalsay::CheckRequestId(value);
    } else if (f->name().size() > 3 &&
               f->name().substr(f->name().size() - 3) == "_id") {
      (void)equalsay::ParseId<equalsay::RoundId>(f->name(), value);
    } else {
      (void)equalsay::CheckText(f->name(), value, 4000, false, true);
    }
  }
}

// The call's own rules, where they can run without the database.
void CheckRules(const pb::Message& m) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  if (const auto* r = dynamic_cast<const v1::CreateDecisionRequest*>(&m)) {
    for (auto kind : {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_KIND_STRATEGY}) {
      (void)equalsay::consensus::CheckNewDecision(
          *r, kind, v1::ROUND_STATE_OPEN, absl::ToUnixSeconds(now));
    }
  } else if (const auto* r = dynamic_cast<const v1::CastBallotRequest*>(&m)) {
    v1::Decision d;
    d.set_state(v1::DECISION_STATE_VOTING);
    d.set_closes_at_unix(1'800'000'001);
    for (auto method :
         {v1::DECISION_METHOD_YES_NO, v1::DECISION_METHOD_CONSENT}) {
      d.set_method(method);
      (void)equalsay::consensus::CheckBallot(
          d, {.seat = equalsay::consensus::Seat::kVoter, .now = now}, *r);
    }
  } else if (const auto* r =
                 dynamic_cast<const v1::CountPaperBallotsRequest*>(&m)) {
    namespace c = equalsay::consensus;
    const auto voters = c::ParsePaperVoters(*r);
    if (voters.ok()) {
      v1::Decision d;
      d.set_state(v1::DECISION_STATE_VOTING);
      d.set_secrecy(v1::SECRECY_SECRET);
      c::PaperMoment moment{.co_chair = true, .now = now};
      for (equalsay::PersonId v : *voters) {
        moment.voters.push_back({.id = v, .seat = c::Seat::kVoter});
      }
      for (auto method :
           {v1::DECISION_METHOD_YES_NO, v1::DECISION_METHOD_CONSENT}) {
        d.set_method(method);
        (void)c::CheckPaperCount(d, moment, equalsay::PersonId(1), *voters,
                                 c::TallyOf(*r));
      }
    }
  } else if (const auto* r =
                 dynamic_cast<const v1::SaveScoreSheetRequest*>(&m)) {
    v1::Criterion c;
    c.set_id("1");
    for (int v = 0; v <= 4; ++v) c.add_scale()->set_value(v);
    (void)equalsay::scoring::CheckEntries(r->entries(), {c});
  } else if (const auto* r = dynamic_cast<const v1::AddCriterionRequest*>(&m)) {
    (void)equalsay::panels::CheckScale(r->scale());
    (void)equalsay::panels::CheckWeight(r->weight());
  } else if (const auto* r =
                 dynamic_cast<const v1::RecordInvolvementRequest*>(&m)) {
    // An entry that passes is valued, stated and exported as it would be.
    namespace p = equalsay::panels;
    const auto day =
        p::ParseEntryDay("on_date", r->on_date(), absl::CivilDay(2027, 4, 5));
    if (p::CheckEntry(*r).ok() && day.ok()) {
      v1::InvolvementEntry e;
      e.set_person_id("1");
      e.set_round_id("2");
      e.set_display_name(r->note());
      e.set_kind(r->kind());
      e.set_minutes(r->minutes());
      e.set_amount_pence(
          p::IsExpense(r->kind())
              ? r->amount_pence()
              : p::TimeValuePence(p::kMaxRatePence, r->minutes()));
      e.set_state(v1::INVOLVEMENT_STATE_CONFIRMED);
      const v1::Statement s =
          p::BuildStatement("1", r->note(), p::TaxYearOf(*day), {e}, {}, 1, 80);
      const p::PaymentsCsv csv = p::BuildPaymentsCsv({e}, {});
      if (s.income_pence() + s.expenses_pence() != e.amount_pence() ||
          csv.rows != 1) {
        __builtin_trap();  // The statement and the file must agree.
      }
    }
  } else if (const auto* r = dynamic_cast<const v1::SetRateRequest*>(&m)) {
    (void)equalsay::panels::CheckRate(*r);
  } else if (const auto* r = dynamic_cast<const v1::CreatePersonRequest*>(&m)) {
    (void)equalsay::panels::CheckEmail(r->email());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& types = RequestTypes();
  const pb::Message* prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(
          types[data[0] % types.size()]);
  std::unique_ptr<pb::Message> message(prototype->New());
  if (!message->ParseFromArray(data + 1, static_cast<int>(size - 1))) return 0;
  CheckFields(*message);
  CheckRules(*message);
  // What the CLI prints, and what the ledger stores and reads back.
  std::string json;
  (void)pb::util::MessageToJsonString(*message, &json);
  std::unique_ptr<pb::Message> again(prototype->New());
  if (!again->ParseFromString(message->SerializeAsString()) ||
      again->SerializeAsString() != message->SerializeAsString()) {
    __builtin_trap();
  }
  return 0;
}
