#include "client/request_path/signed_request.hpp"

#include "auth/encoding.hpp"
#include "auth/sigv4_parts.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace ddbkit::detail {
namespace {

constexpr std::string_view target_prefix = "DynamoDB_20120810.";
constexpr std::string_view content_type = "application/x-amz-json-1.0";

/// Printable ASCII, no spaces: a header value that SigV4's canonical form (trimmed, runs
/// of spaces collapsed) leaves as it is and an HTTP header carries without a check.
bool is_plain(std::string_view s) {
  return std::ranges::all_of(s, [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

/// Text assembled on the stack (longer only with an unusually long region or service).
using stack_text = boost::container::small_vector<char, 256>;

void append(stack_text& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

std::string_view view(const stack_text& text, std::size_t from = 0) {
  return std::string_view(text.data() + from, text.size() - from);
}

}  // namespace

http::request signed_request(const dynamodb_request& req, const credentials& creds,
                             const sigv4::signing_scope& scope, sigv4::signing_key_cache& keys) {
  http::request out;
  out.method = "POST";
  out.target = "/";
  std::string amz_target;
  amz_target.reserve(target_prefix.size() + req.operation.size());
  amz_target.append(target_prefix).append(req.operation);
  sigv4::signable_request to_sign{
      .method = out.method,
      .path = out.target,
      .query = {},
      .headers = {{"content-type", std::string(content_type)},
                  {"host", std::string(req.host_header)},
                  {"x-amz-target", std::move(amz_target)}},
      .payload = req.body,
  };
  auto signature = sigv4::sign(to_sign, creds, scope, keys);
  // The signed values move on into the request instead of being made twice.
  out.headers.reserve(5);
  out.headers.push_back({"Content-Type", std::move(to_sign.headers[0].second)});
  out.headers.push_back({"X-Amz-Target", std::move(to_sign.headers[2].second)});
  out.headers.push_back({"X-Amz-Date", std::move(signature.amz_date)});
  if (!signature.security_token.empty()) {
    out.headers.push_back({"X-Amz-Security-Token", std::move(signature.security_token)});
  }
  out.headers.push_back({"Authorization", std::move(signature.authorization)});
  out.body = req.body;
  return out;
}

std::optional<std::string> signed_wire(const dynamodb_request& req, const credentials& creds,
                                       const sigv4::signing_scope& scope, sigv4::signing_key_cache& keys) {
  const std::string_view token = creds.session_token.reveal();
  if (req.host_header.empty() || !is_plain(req.host_header) || !is_plain(req.operation) ||
      !is_plain(creds.access_key_id) || !is_plain(token) || !is_plain(scope.region) || !is_plain(scope.service) ||
      scope.sign_body || scope.omit_session_token) {
    return std::nullopt;
  }

  std::array<char, sigv4::detail::amz_date_size> date_text;
  sigv4::detail::write_amz_date(date_text.data(), scope.time);
  const std::string_view amz_date(date_text.data(), date_text.size());
  const std::string_view day = amz_date.substr(0, 8);

  using hex_text = std::array<char, 2 * std::tuple_size_v<sigv4::detail::digest>>;
  auto hex = [](const sigv4::detail::digest& d) {
    hex_text out;
    write_lower_hex(out.data(), d.data(), d.size());
    return out;
  };
  const hex_text payload_hash = hex(sigv4::detail::sha256_of({req.body}));
  const std::string_view signed_headers = token.empty()
                                              ? "content-type;host;x-amz-date;x-amz-target"
                                              : "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
  // The canonical request is hashed in its pieces, never written out: the headers in name
  // order, lower-case names, values as sent.
  const hex_text canonical_hash = hex(sigv4::detail::sha256_of({
      "POST\n/\n\ncontent-type:", content_type,
      "\nhost:", req.host_header,
      "\nx-amz-date:", amz_date,
      token.empty() ? "" : "\nx-amz-security-token:", token,
      "\nx-amz-target:", target_prefix, req.operation,
      "\n\n", signed_headers, "\n", std::string_view(payload_hash.data(), payload_hash.size()),
  }));

  // The string to sign holds the credential scope, which the Authorization header repeats.
  stack_text string_to_sign;
  append(string_to_sign, "AWS4-HMAC-SHA256\n");
  append(string_to_sign, amz_date);
  append(string_to_sign, "\n");
  const std::size_t scope_at = string_to_sign.size();
  append(string_to_sign, day);
  append(string_to_sign, "/");
  append(string_to_sign, scope.region);
  append(string_to_sign, "/");
  append(string_to_sign, scope.service);
  append(string_to_sign, "/aws4_request");
  const std::size_t scope_size = string_to_sign.size() - scope_at;
  append(string_to_sign, "\n");
  append(string_to_sign, std::string_view(canonical_hash.data(), canonical_hash.size()));
  const std::string_view credential_scope = view(string_to_sign, scope_at).substr(0, scope_size);
  const hex_text signature =
      hex(sigv4::detail::cached_signature(keys, creds, scope, day, credential_scope, view(string_to_sign)));

  std::array<char, 24> length_text;
  const char* const length_end =
      std::to_chars(length_text.data(), length_text.data() + length_text.size(), req.body.size()).ptr;
  const std::string_view length(length_text.data(), static_cast<std::size_t>(length_end - length_text.data()));

  // As write_request() lays out signed_request(): request line, Host, the request's headers
  // in their order, Content-Length, the body.
  const std::initializer_list<std::string_view> parts = {
      "POST / HTTP/1.1\r\nHost: ", req.host_header,
      "\r\nContent-Type: ", content_type,
      "\r\nX-Amz-Target: ", target_prefix, req.operation,
      "\r\nX-Amz-Date: ", amz_date,
      token.empty() ? "" : "\r\nX-Amz-Security-Token: ", token,
      "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=", creds.access_key_id, "/", credential_scope,
      ", SignedHeaders=", signed_headers,
      ", Signature=", std::string_view(signature.data(), signature.size()),
      "\r\nContent-Length: ", length,
      "\r\n\r\n", req.body,
  };
  std::size_t size = 0;
  for (const auto part : parts) size += part.size();
  std::string wire;
  wire.reserve(size);
  for (const auto part : parts) wire.append(part);
  return wire;
}

}  // namespace ddbkit::detail
