// Flesch reading ease of English text (206.835 - 1.015 words per sentence
// - 84.6 syllables per word): 70 and above reads as plain English. Syllables
// are counted as groups of vowels, less a silent final "e"; a number counts
// as one word of one syllable, as it is read ("2").
#ifndef EQUALSAY_TESTS_SUPPORT_READABILITY_H_
#define EQUALSAY_TESTS_SUPPORT_READABILITY_H_

#include <cctype>
#include <string>

namespace equalsay::testing {

inline int Syllables(const std::string& word) {
  auto vowel = [](char c) {
    return std::string("aeiouy").find(c) != std::string::npos;
  };
  int groups = 0;
  bool in_group = false;
  for (char c : word) {
    const bool v = vowel(c);
    if (v && !in_group) ++groups;
    in_group = v;
  }
  const size_t n = word.size();
  if (n > 2 && word[n - 1] == 'e' && word[n - 2] != 'l' &&
      !vowel(word[n - 2]) && groups > 1) {
    --groups;  // "make", "stone"; not "table" or "agree".
  }
  return groups < 1 ? 1 : groups;
}

inline double FleschReadingEase(const std::string& text) {
  int words = 0, sentences = 0, syllables = 0;
  std::string word;
  auto end_word = [&] {
    if (word.empty()) return;
    ++words;
    syllables += Syllables(word);
    word.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (c == '\'' || (c == '-' && !word.empty())) {
      continue;  // "didn't", "co-chair": one word.
    } else {
      end_word();
      if (c == '.' || c == '?' || c == '!') ++sentences;
    }
  }
  end_word();
  if (words == 0) return 100;
  if (sentences == 0) sentences = 1;
  return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words;
}

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_READABILITY_H_
