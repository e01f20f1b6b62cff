// Answers shown to people (readable text and tables) or to scripts (the
// protocol's JSON mapping, every field present, stable).
#ifndef EQUALSAY_CLIENTS_CLI_RENDER_H_
#define EQUALSAY_CLIENTS_CLI_RENDER_H_

#include <google/protobuf/message.h>

#include <string>

namespace equalsay::cli {

// Field by field in plain words: "Title: Peer support worker"; lists of
// records as tables; enum values as words; times as dates.
std::string RenderText(const google::protobuf::Message& message);

// "12" for a whole number, else two decimals: "62.50".
std::string Number(double d);

// The protocol's JSON mapping, with every field shown (even when empty).
std::string RenderJson(const google::protobuf::Message& message);

// What a command prints: JSON (with a final newline) or readable text.
std::string Render(const google::protobuf::Message& message, bool json);

// Said whenever a round is set to publish the counts of secret decisions.
inline constexpr char kPublishCountsWarning[] =
    "Warning: this round shows the counts of secret votes in panels of 5 or "
    "more. If everyone in such a panel votes the same way, the count beside "
    "the list of who took part shows how each of them voted.\n";

// Warns, on stderr, about what the answer says that a person should know
// (a round that publishes the counts of secret votes).
void WarnAbout(const google::protobuf::Message& response);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_RENDER_H_
