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

// The protocol's JSON mapping, with every field shown (even when empty).
std::string RenderJson(const google::protobuf::Message& message);

// What a command prints: JSON (with a final newline) or readable text.
std::string Render(const google::protobuf::Message& message, bool json);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_RENDER_H_
