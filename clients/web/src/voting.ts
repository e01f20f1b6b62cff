// What a vote offers, in words: the choices of a decision's method, and
// the ways a member can give a vote that someone else enters for them.
import { Choice, DecisionMethod, type Decision } from "./gen/equalsay/v1/consensus_pb";
import { HowGiven } from "./gen/equalsay/v1/common_pb";

export function voteChoices(d: Decision): [Choice, string, string][] {
  return d.method === DecisionMethod.CONSENT
    ? [[Choice.AGREE, "Agree", ""], [Choice.STAND_ASIDE, "Stand aside", "You do not agree, but you will not block it."], [Choice.OBJECT, "Object", "Your panel will not agree. Please say why."]]
    : [[Choice.AGREE, "Agree", ""], [Choice.DISAGREE, "Disagree", "If your panel does not agree, it does not go ahead."], [Choice.ABSTAIN, "Abstain", "You take part without agreeing or disagreeing."]];
}

export const HOW_GIVEN: [HowGiven, string, string][] = [
  [HowGiven.IN_ROOM, "In the room", "They told you at the meeting."],
  [HowGiven.PHONE, "By phone", "They told you on the phone."],
  [HowGiven.PAPER, "On paper", "They wrote it on a paper form."],
  [HowGiven.WITH_HELP, "With your help, now", "You are entering it together."],
];

// "by phone", for "Hana entered this vote for you, by phone."
export function howWords(how: HowGiven): string {
  switch (how) {
    case HowGiven.IN_ROOM: return "as you gave it in the room";
    case HowGiven.PHONE: return "as you gave it by phone";
    case HowGiven.PAPER: return "from your paper form";
    case HowGiven.WITH_HELP: return "with you";
    default: return "";
  }
}
