#include "services/consensus/rules/audit_chain.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/base/sha256.h"

namespace equalsay::consensus {
namespace {

// Length-prefixed, so no two different field lists hash alike.
void Field(std::string& out, const std::string& value) {
  absl::StrAppend(&out, value.size(), ":", value, ";");
}

v1::AuditFinding Finding(v1::AuditFinding::Kind kind, int64_t seq,
                         std::string words) {
  v1::AuditFinding f;
  f.set_kind(kind);
  f.set_seq(seq);
  f.set_explanation(std::move(words));
  return f;
}

}  // namespace

std::string ContentHash(const EventRow& e) {
  std::string text;
  for (const std::string* f :
       {&e.at, &e.actor, &e.action, &e.subject, &e.round, &e.payload}) {
    Field(text, *f);
  }
  Field(text, absl::StrCat(e.xid));
  return Sha256Hex(text);
}

EventDigest DigestOf(const EventRow& e) {
  return {.seq = e.seq, .xid = e.xid, .content_hash = ContentHash(e)};
}

std::string SealHash(const SealRow& seal) {
  std::string text;
  Field(text, seal.prev_hash);
  Field(text, absl::StrCat(seal.seal_no));
  Field(text, absl::StrCat(seal.from_xid));
  Field(text, absl::StrCat(seal.to_xid));
  Field(text, absl::StrCat(seal.xmax));
  for (const auto& [seq, hash] : seal.sealed) {
    Field(text, absl::StrCat(seq));
    Field(text, hash);
  }
  return Sha256Hex(text);
}

bool LooksInserted(int64_t seq, uint64_t xid, const SealRow* last,
                   int64_t max_sealed) {
  return last != nullptr && seq < max_sealed && xid >= last->xmax;
}

bool LooksBackDated(const EventRow& event, absl::Duration late_commit) {
  return event.writer_rolled_back ||
         (event.commit_lag.has_value() && *event.commit_lag > late_commit);
}

SealRow MakeSeal(const SealRow* last, uint64_t to_xid, uint64_t xmax,
                 int64_t max_sealed, const std::vector<EventRow>& events,
                 absl::Duration late_commit) {
  SealRow seal{.seal_no = last ? last->seal_no + 1 : 1,
               .from_xid = last ? last->to_xid : 0,
               .to_xid = to_xid,
               .xmax = xmax,
               .prev_hash = last ? last->hash : kGenesisHash};
  for (const EventRow& e : events) {
    if (!LooksInserted(e.seq, e.xid, last, max_sealed) &&
        !LooksBackDated(e, late_commit)) {
      seal.sealed.emplace_back(e.seq, ContentHash(e));
    }
  }
  seal.hash = SealHash(seal);
  return seal;
}

v1::AuditReport Verify(const std::vector<SealRow>& seals,
                       const std::vector<EventRow>& events) {
  std::vector<EventDigest> digests;
  digests.reserve(events.size());
  for (const EventRow& e : events) digests.push_back(DigestOf(e));
  return Verify(seals, digests);
}

void TrailVerifier::CheckSeal(const SealRow& s) {
  using Kind = v1::AuditFinding;
  ++seals_;
  if (s.seal_no != seals_ || s.prev_hash != prev_ || s.from_xid != from_ ||
      SealHash(s) != s.hash) {
    *report_.add_findings() = Finding(
        Kind::KIND_SEAL_BROKEN, s.seal_no,
        absl::StrCat("Seal ", s.seal_no,
                     " does not match its contents or the seal before it: "
                     "the seals themselves were changed."));
  }
  prev_ = s.hash;
  from_ = s.to_xid;
  for (const auto& [seq, hash] : s.sealed) {
    max_sealed_ = std::max(max_sealed_, seq);
  }
  sealed_count_ += static_cast<int64_t>(s.sealed.size());
  last_ = s;
  last_->sealed.clear();
}

void TrailVerifier::CheckPlace(int64_t seq,
                               const std::optional<EventDigest>& event,
                               const std::optional<std::string>& sealed_hash) {
  if (event.has_value()) ++events_;
  if (event.has_value() && sealed_hash.has_value()) {
    if (event->content_hash != *sealed_hash) {
      changed_.emplace_back(seq, event->content_hash);
    }
  } else if (sealed_hash.has_value()) {
    missing_.emplace_back(seq, *sealed_hash);
  } else if (event.has_value()) {
    unsealed_.emplace_back(seq, event->xid);
  }
}

std::vector<std::string> TrailVerifier::ChangedHashes() const {
  std::vector<std::string> out;
  for (const auto& [seq, hash] : changed_) out.push_back(hash);
  return out;
}

std::vector<std::string> TrailVerifier::MissingHashes() const {
  std::vector<std::string> out;
  for (const auto& [seq, hash] : missing_) out.push_back(hash);
  return out;
}

v1::AuditReport TrailVerifier::Finish(
    const std::map<std::string, int64_t>& sealed_at,
    const std::map<std::string, int64_t>& event_at) {
  using Kind = v1::AuditFinding;
  v1::AuditReport& report = report_;
  report.set_events(events_);
  report.set_seals(seals_);
  report.set_sealed(sealed_count_);
  report.set_last_seal_hash(last_.has_value() ? last_->hash : "");

  std::set<int64_t> explained;  // Seqs already named by a finding.
  for (const auto& [seq, now] : changed_) {
    auto moved = sealed_at.find(now);
    if (moved != sealed_at.end() && moved->second != seq) {
      *report.add_findings() =
          Finding(Kind::KIND_REORDERED, seq,
                  absl::StrCat("Event ", seq,
                               " is out of order: it holds what was "
                               "sealed as event ",
                               moved->second, "."));
      explained.insert(moved->second);
    } else {
      *report.add_findings() = Finding(
          Kind::KIND_CHANGED, seq,
          absl::StrCat("Event ", seq, " was changed after it was sealed."));
    }
    explained.insert(seq);
  }
  for (const auto& [seq, hash] : missing_) {
    if (explained.contains(seq)) continue;
    auto moved = event_at.find(hash);
    *report.add_findings() =
        moved != event_at.end()
            ? Finding(Kind::KIND_REORDERED, seq,
                      absl::StrCat("Event ", seq, " was moved to sequence ",
                                   moved->second, "."))
            : Finding(Kind::KIND_DELETED, seq,
                      absl::StrCat("Event ", seq, " was deleted."));
    explained.insert(seq);
  }
  // Events no seal holds: fine when newer than the last seal, but not when
  // they fall in a range already sealed, or carry a sequence number older
  // than sealed events while written after the seal was made.
  const uint64_t sealed_to = last_.has_value() ? last_->to_xid : 0;
  const SealRow* last = last_.has_value() ? &*last_ : nullptr;
  for (const auto& [seq, xid] : unsealed_) {
    if (xid < sealed_to || LooksInserted(seq, xid, last, max_sealed_)) {
      *report.add_findings() = Finding(
          Kind::KIND_INSERTED, seq,
          absl::StrCat("Event ", seq,
                       " was inserted: no seal holds it, yet it sits among "
                       "sealed events."));
    }
  }
  std::sort(report.mutable_findings()->begin(),
            report.mutable_findings()->end(),
            [](const auto& a, const auto& b) { return a.seq() < b.seq(); });
  report.set_intact(report.findings().empty());
  report.set_explanation(
      report.intact()
          ? absl::StrCat("The audit trail is intact: all ", report.sealed(),
                         " sealed events are unchanged and in order, in ",
                         report.seals(), " seals. ",
                         report.events() - report.sealed(),
                         " newer events are not sealed yet.")
          : absl::StrCat("The audit trail has been tampered with: ",
                         report.findings_size(),
                         report.findings_size() == 1 ? " problem" : " problems",
                         " found (see the findings)."));
  return report;
}

v1::AuditReport Verify(const std::vector<SealRow>& seals,
                       const std::vector<EventDigest>& events) {
  TrailVerifier verifier;
  std::map<int64_t, std::string> sealed;  // seq -> hash, as the store joins.
  std::map<std::string, int64_t> sealed_at;
  for (const SealRow& s : seals) {
    verifier.CheckSeal(s);
    for (const auto& [seq, hash] : s.sealed) {
      sealed[seq] = hash;
      sealed_at[hash] = std::max(sealed_at[hash], seq);
    }
  }
  std::map<int64_t, const EventDigest*> by_seq;
  std::map<std::string, int64_t> event_at;
  for (const EventDigest& e : events) {
    by_seq[e.seq] = &e;
    event_at.emplace(e.content_hash, e.seq);
  }
  std::set<int64_t> places;
  for (const auto& [seq, hash] : sealed) places.insert(seq);
  for (const auto& [seq, e] : by_seq) places.insert(seq);
  for (int64_t seq : places) {
    auto e = by_seq.find(seq);
    auto h = sealed.find(seq);
    verifier.CheckPlace(
        seq, e == by_seq.end() ? std::nullopt : std::optional(*e->second),
        h == sealed.end() ? std::nullopt : std::optional(h->second));
  }
  return verifier.Finish(sealed_at, event_at);
}

}  // namespace equalsay::consensus
