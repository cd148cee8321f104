#include "auth/credentials_json.hpp"

#include "auth/iso8601.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace ddbkit::detail {
namespace {

const boost::json::string* string_field(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr ? v->if_string() : nullptr;
}

}  // namespace

result<credentials> parse_credentials_json(std::string_view body, const credentials_json_format& format) {
  const std::string source(format.source);
  boost::system::error_code ec;
  // The body holds secrets: the parser's message (which may quote it) is not passed on.
  auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) return fail(error_code::credentials, source + ": response is not a JSON object");
  const auto& o = parsed.get_object();

  if (format.require_version_1) {
    const auto* version = o.if_contains("Version");
    if (version == nullptr || !version->is_number() || version->to_number<double>() != 1.0) {
      return fail(error_code::credentials, source + ": \"Version\" must be 1");
    }
  }
  if (format.require_code_success) {
    const auto* code = string_field(o, "Code");
    if (code != nullptr && *code != "Success") {
      // The code is a status word ("Failure"), not a secret.
      return fail(error_code::credentials, source + ": Code is \"" + std::string(code->subview().substr(0, 64)) + "\"");
    }
  }

  const auto* key_id = string_field(o, "AccessKeyId");
  const auto* secret = string_field(o, "SecretAccessKey");
  if (key_id == nullptr || key_id->empty()) return fail(error_code::credentials, source + ": no AccessKeyId");
  if (secret == nullptr || secret->empty()) return fail(error_code::credentials, source + ": no SecretAccessKey");
  const auto* token = string_field(o, format.token_field);

  credentials out{.access_key_id = std::string(key_id->subview()),
                  .secret_access_key = secret_string(std::string(secret->subview())),
                  .session_token = secret_string(token != nullptr ? std::string(token->subview()) : std::string()),
                  .expiration = std::nullopt};
  if (const auto* expiration = o.if_contains("Expiration"); expiration != nullptr && !expiration->is_null()) {
    const auto* text = expiration->if_string();
    auto when = text != nullptr ? parse_iso8601(text->subview()) : std::nullopt;
    if (!when) return fail(error_code::credentials, source + ": Expiration is not an ISO 8601 time");
    out.expiration = when;
  }
  return out;
}

}  // namespace ddbkit::detail
