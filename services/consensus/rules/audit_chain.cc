#include "services/consensus/rules/audit_chain.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/sha256.h"

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

SealRow MakeSeal(const SealRow* last, uint64_t to_xid, uint64_t xmax,
                 int64_t max_sealed, const std::vector<EventRow>& events) {
  SealRow seal{.seal_no = last ? last->seal_no + 1 : 1,
               .from_xid = last ? last->to_xid : 0,
               .to_xid = to_xid,
               .xmax = xmax,
               .prev_hash = last ? last->hash : kGenesisHash};
  for (const EventRow& e : events) {
    if (!LooksInserted(e.seq, e.xid, last, max_sealed)) {
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

v1::AuditReport Verify(const std::vector<SealRow>& seals,
                       const std::vector<EventDigest>& events) {
  v1::AuditReport report;
  report.set_events(static_cast<int64_t>(events.size()));
  report.set_seals(static_cast<int64_t>(seals.size()));
  using Kind = v1::AuditFinding;

  // The chain of seals itself.
  std::string prev = kGenesisHash;
  uint64_t from = 0;
  for (size_t i = 0; i < seals.size(); ++i) {
    const SealRow& s = seals[i];
    if (s.seal_no != static_cast<int64_t>(i + 1) || s.prev_hash != prev ||
        s.from_xid != from || SealHash(s) != s.hash) {
      *report.add_findings() = Finding(
          Kind::KIND_SEAL_BROKEN, s.seal_no,
          absl::StrCat("Seal ", s.seal_no,
                       " does not match its contents or the seal before it: "
                       "the seals themselves were changed."));
    }
    prev = s.hash;
    from = s.to_xid;
  }
  report.set_last_seal_hash(seals.empty() ? "" : seals.back().hash);

  std::map<int64_t, const EventDigest*> by_seq;
  for (const EventDigest& e : events) by_seq[e.seq] = &e;
  std::map<int64_t, std::string> sealed;          // seq -> content hash
  std::map<std::string, int64_t> sealed_by_hash;  // content hash -> seq
  int64_t max_sealed = 0;
  for (const SealRow& s : seals) {
    for (const auto& [seq, hash] : s.sealed) {
      sealed[seq] = hash;
      sealed_by_hash[hash] = seq;
      max_sealed = std::max(max_sealed, seq);
    }
  }
  report.set_sealed(static_cast<int64_t>(sealed.size()));

  std::set<int64_t> explained;  // Seqs already named by a finding.
  for (const auto& [seq, hash] : sealed) {
    auto it = by_seq.find(seq);
    if (it == by_seq.end() || it->second->content_hash == hash) continue;
    const std::string& now = it->second->content_hash;
    auto moved = sealed_by_hash.find(now);
    if (moved != sealed_by_hash.end() && moved->second != seq) {
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
  for (const auto& [seq, hash] : sealed) {
    if (by_seq.contains(seq) || explained.contains(seq)) continue;
    auto moved = std::find_if(by_seq.begin(), by_seq.end(), [&](const auto& e) {
      return e.second->content_hash == hash;
    });
    *report.add_findings() =
        moved != by_seq.end()
            ? Finding(Kind::KIND_REORDERED, seq,
                      absl::StrCat("Event ", seq, " was moved to sequence ",
                                   moved->first, "."))
            : Finding(Kind::KIND_DELETED, seq,
                      absl::StrCat("Event ", seq, " was deleted."));
    explained.insert(seq);
  }
  // Events no seal holds: fine when newer than the last seal, but not when
  // they fall in a range already sealed, or carry a sequence number older
  // than sealed events while written after the seal was made.
  const uint64_t sealed_to = seals.empty() ? 0 : seals.back().to_xid;
  const SealRow* last = seals.empty() ? nullptr : &seals.back();
  for (const EventDigest& e : events) {
    if (sealed.contains(e.seq) || explained.contains(e.seq)) continue;
    if (e.xid < sealed_to || LooksInserted(e.seq, e.xid, last, max_sealed)) {
      *report.add_findings() = Finding(
          Kind::KIND_INSERTED, e.seq,
          absl::StrCat("Event ", e.seq,
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

}  // namespace equalsay::consensus
