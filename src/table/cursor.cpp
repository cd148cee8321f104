#include <ddbkit/table/cursor.hpp>
#include <ddbkit/value/dynamodb_json.hpp>

#include "value/base64.hpp"

#include <algorithm>
#include <charconv>

namespace ddbkit {
namespace {

// "c1." then base64url (no padding) of: table \n index \n segment \n DynamoDB-JSON key.
// Table and index names cannot hold a newline ([a-zA-Z0-9_.-]), so the fields split safely;
// the version prefix leaves room for a signed or encrypted form later.
constexpr std::string_view prefix = "c1.";

std::string to_base64url(std::string_view bytes) {
  std::string out;
  detail::append_base64(out, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  std::ranges::replace(out, '+', '-');
  std::ranges::replace(out, '/', '_');
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::optional<std::string> from_base64url(std::string_view text) {
  std::string standard(text);
  std::ranges::replace(standard, '-', '+');
  std::ranges::replace(standard, '_', '/');
  while (standard.size() % 4 != 0) standard.push_back('=');
  auto bytes = detail::decode_base64(standard);
  if (!bytes) return std::nullopt;
  return std::string(bytes->begin(), bytes->end());
}

error bad_token(std::string why) { return error::validation("cursor", "not a ddbkit cursor: " + std::move(why)); }

/// The next newline-terminated field of `rest`, consumed.
std::optional<std::string_view> take_field(std::string_view& rest) {
  auto end = rest.find('\n');
  if (end == std::string_view::npos) return std::nullopt;
  auto field = rest.substr(0, end);
  rest.remove_prefix(end + 1);
  return field;
}

std::string describe(std::string_view table, std::string_view index, std::optional<int> segment) {
  std::string out = "table " + std::string(table);
  if (!index.empty()) out += " index " + std::string(index);
  if (segment) out += " segment " + std::to_string(*segment);
  return out;
}

}  // namespace

std::string cursor::token() const {
  std::string payload = table_ + '\n' + index_ + '\n';
  if (segment_) payload += std::to_string(*segment_);
  payload += '\n';
  if (start_key_) payload += to_dynamodb_json(*start_key_);
  return std::string(prefix) + to_base64url(payload);
}

result<cursor> cursor::parse(std::string_view token) {
  if (!token.starts_with(prefix)) return std::unexpected(bad_token("it does not start with \"c1.\""));
  auto payload = from_base64url(token.substr(prefix.size()));
  if (!payload) return std::unexpected(bad_token("it is not base64url"));
  std::string_view rest = *payload;
  auto table = take_field(rest);
  auto index = take_field(rest);
  auto segment_text = take_field(rest);
  if (!table || !index || !segment_text || table->empty()) return std::unexpected(bad_token("fields are missing"));
  std::optional<int> segment;
  if (!segment_text->empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(segment_text->data(), segment_text->data() + segment_text->size(), value);
    if (ec != std::errc() || end != segment_text->data() + segment_text->size() || value < 0) {
      return std::unexpected(bad_token("bad segment"));
    }
    segment = value;
  }
  std::optional<item> start_key;
  if (!rest.empty()) {
    auto parsed = parse_item(rest);
    if (!parsed) return std::unexpected(bad_token("bad key: " + std::string(parsed.error().message())));
    start_key = std::move(*parsed);
  }
  return cursor(std::string(*table), std::string(*index), segment, std::move(start_key));
}

result<void> cursor::check_fits(std::string_view table, std::string_view index, std::optional<int> segment) const {
  if (table == table_ && index == index_ && segment == segment_) return {};
  return std::unexpected(error::validation("cursor", "the cursor is for " + describe(table_, index_, segment_) +
                                                         ", not for " + describe(table, index, segment)));
}

}  // namespace ddbkit
