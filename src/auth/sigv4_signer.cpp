#include <ddbkit/auth/sigv4_signer.hpp>

#include "auth/encoding.hpp"
#include "auth/sigv4_parts.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <vector>

namespace ddbkit::sigv4 {
namespace {

using detail::digest;

// SHA-256 through OpenSSL's SHA256_CTX functions, which OpenSSL 3 marks deprecated in favour
// of EVP. Measured here (bench_request_cost, sign_with_cached_key): EVP spent ~1 µs of a
// 1.9 µs signature around the hashing itself — a provider dispatch per step, and for each
// copy of a prepared HMAC state a context allocation, a duplicate and a cleanse. These
// functions run the same assembly (SHA extensions where the CPU has them) on a plain struct
// that copies by assignment. The pragmas keep -Werror builds working without changing how
// anyone else includes OpenSSL (a macro would leak through a unity build).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/// A SHA-256 in progress; a value (copying it forks the hash).
class sha256_state {
 public:
  sha256_state() { SHA256_Init(&ctx_); }
  void update(const void* data, std::size_t size) { SHA256_Update(&ctx_, data, size); }
  void update(std::string_view data) { update(data.data(), data.size()); }
  digest finish() {
    digest out{};
    SHA256_Final(out.data(), &ctx_);
    return out;
  }
  ~sha256_state() { OPENSSL_cleanse(&ctx_, sizeof ctx_); }
  sha256_state(const sha256_state&) = default;
  sha256_state& operator=(const sha256_state&) = default;

 private:
  SHA256_CTX ctx_;
};

#pragma GCC diagnostic pop

digest sha256(std::string_view data) { return detail::sha256_of({data}); }

/// HMAC-SHA256 with one key for many messages (RFC 2104): the hash states after the key's
/// inner and outer pads, computed once; each message then costs a copy of the states and
/// two short hashes.
struct hmac_key {
  sha256_state inner;
  sha256_state outer;

  hmac_key(const unsigned char* key, std::size_t key_size) {
    constexpr std::size_t block = 64;
    std::array<unsigned char, block> padded{};
    if (key_size > block) {  // a long key is replaced by its hash
      const digest d = sha256(std::string_view(reinterpret_cast<const char*>(key), key_size));
      std::copy(d.begin(), d.end(), padded.begin());
    } else {
      std::copy_n(key, key_size, padded.begin());
    }
    std::array<unsigned char, block> pad;
    for (std::size_t i = 0; i < block; ++i) pad[i] = padded[i] ^ 0x36;
    inner.update(pad.data(), pad.size());
    for (std::size_t i = 0; i < block; ++i) pad[i] = padded[i] ^ 0x5c;
    outer.update(pad.data(), pad.size());
    OPENSSL_cleanse(pad.data(), pad.size());
    OPENSSL_cleanse(padded.data(), padded.size());
  }
  explicit hmac_key(const digest& key) : hmac_key(key.data(), key.size()) {}

  /// HMAC(key, data), using up these states: call it on a copy to keep the key.
  digest mac(std::string_view data) && {
    inner.update(data);
    const digest inner_hash = inner.finish();
    outer.update(inner_hash.data(), inner_hash.size());
    return outer.finish();
  }
};

digest hmac(const unsigned char* key, std::size_t key_size, std::string_view data) {
  return hmac_key(key, key_size).mac(data);
}

digest hmac(const digest& key, std::string_view data) { return hmac(key.data(), key.size(), data); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string uri_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && i + 2 <= s.size() - 1 + 0 && hex_value(s[i + 1]) >= 0 &&
        hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Removes "." and ".." segments and empty segments, keeping a trailing slash.
std::string normalized_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    out += segments[i];
  }
  const bool trailing = path.size() > 1 && (path.ends_with("/") || path.ends_with("/.") || path.ends_with("/.."));
  if (trailing && !segments.empty()) out += '/';
  return out;
}

std::string canonical_uri(std::string_view path, bool normalize) {
  if (path.empty() || path == "/") return "/";  // every DynamoDB request
  const std::string source = normalize ? normalized_path(path) : std::string(path);
  std::string out;
  ddbkit::detail::append_uri_encoded(out, source, true);
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start < query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const auto param = query.substr(start, end - start);
    if (!param.empty()) {
      const auto eq = param.find('=');
      std::string name, value;
      ddbkit::detail::append_uri_encoded(name, uri_decode(param.substr(0, eq)), false);
      if (eq != std::string_view::npos) {
        ddbkit::detail::append_uri_encoded(value, uri_decode(param.substr(eq + 1)), false);
      }
      params.emplace_back(std::move(name), std::move(value));
    }
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

/// "YYYYMMDDTHHMMSSZ" in UTC (X-Amz-Date).
std::string amz_date(std::chrono::system_clock::time_point time) {
  std::string text(detail::amz_date_size, '\0');
  detail::write_amz_date(text.data(), time);
  return text;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  const auto d = sha256(data);
  return ddbkit::detail::lower_hex(d.data(), d.size());
}

namespace detail {

digest sha256_of(std::initializer_list<std::string_view> parts) {
  sha256_state state;
  for (const auto part : parts) state.update(part);
  return state.finish();
}

// Without <format>'s locale machinery: this runs for every request.
void write_amz_date(char* to, std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto day = floor<days>(time);
  const year_month_day ymd(day);
  const hh_mm_ss hms(floor<seconds>(time - day));
  auto put = [to](int at, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) to[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  put(4, static_cast<unsigned>(ymd.month()), 2);
  put(6, static_cast<unsigned>(ymd.day()), 2);
  to[8] = 'T';
  put(9, static_cast<unsigned>(hms.hours().count()), 2);
  put(11, static_cast<unsigned>(hms.minutes().count()), 2);
  put(13, static_cast<unsigned>(hms.seconds().count()), 2);
  to[15] = 'Z';
}

}  // namespace detail

namespace {

/// Everything but the signature: the canonical request and the string to sign.
struct unsigned_request {
  signature out;
  std::string credential_scope;  ///< "date/region/service/aws4_request"
  std::string signed_headers;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Whether a header value differs from its canonical form (trimmed, runs of white space
/// collapsed to one space).
bool needs_trimming(std::string_view value) {
  if (value.empty()) return false;
  if (is_space(value.front()) || is_space(value.back())) return true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c > ' ') continue;  // the common case: one comparison a character
    if (c == '\t' || c == '\n' || c == '\r') return true;
    if (c == ' ' && value[i + 1] == ' ') return true;  // the last character is not a space
  }
  return false;
}

bool has_upper(std::string_view name) {
  return std::ranges::any_of(name, [](char c) { return c >= 'A' && c <= 'Z'; });
}

void append_lowered(std::string& out, std::string_view s) {
  for (const char c : s) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

void append_trimmed(std::string& out, std::string_view value) {
  bool pending_space = false;
  bool any = false;
  for (const char c : value) {
    if (is_space(c)) {
      pending_space = any;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    any = true;
    out += c;
  }
}

/// A header in canonical form: views into the request, or into the scratch text when the
/// name had upper-case letters or the value white space to trim (DynamoDB's never do).
struct canonical_header {
  std::string_view name;
  std::string_view value;
};

using canonical_headers = boost::container::small_vector<canonical_header, 8>;

canonical_headers canonical_header_list(const signable_request& req, std::string& scratch) {
  // First the views and what needs rewriting (flags kept beside each header), then the
  // rewrites into scratch, sized once so that the views into it stay valid.
  struct pending {
    bool lower_name;
    bool trim_value;
  };
  boost::container::small_vector<pending, 8> rewrite;
  canonical_headers headers;
  headers.reserve(req.headers.size() + 3);
  std::size_t rewritten = 0;
  for (const auto& [name, value] : req.headers) {
    const pending p{has_upper(name), needs_trimming(value)};
    rewritten += (p.lower_name ? name.size() : 0) + (p.trim_value ? value.size() : 0);
    rewrite.push_back(p);
    headers.push_back({name, value});
  }
  if (rewritten == 0) return headers;  // DynamoDB's headers: lower-case names, clean values
  scratch.reserve(rewritten);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (rewrite[i].lower_name) {
      const std::size_t at = scratch.size();
      append_lowered(scratch, headers[i].name);
      headers[i].name = std::string_view(scratch).substr(at);
    }
    if (rewrite[i].trim_value) {
      const std::size_t at = scratch.size();
      append_trimmed(scratch, headers[i].value);
      headers[i].value = std::string_view(scratch).substr(at);
    }
  }
  return headers;
}

/// Sorts by name, keeping the order of repeated names (their values are joined in it).
void sort_by_name(canonical_headers& headers) {
  const auto by_name = [](const canonical_header& a, const canonical_header& b) { return a.name < b.name; };
  if (headers.size() > 16) {
    std::stable_sort(headers.begin(), headers.end(), by_name);
    return;
  }
  for (std::size_t i = 1; i < headers.size(); ++i) {  // insertion sort: stable, no buffer
    const canonical_header h = headers[i];
    std::size_t j = i;
    for (; j > 0 && by_name(h, headers[j - 1]); --j) headers[j] = headers[j - 1];
    headers[j] = h;
  }
}

void append_hex(std::string& out, const digest& d) { ddbkit::detail::append_lower_hex(out, d.data(), d.size()); }

unsigned_request canonicalize(const signable_request& req, const credentials& creds, const signing_scope& scope) {
  unsigned_request u;
  signature& out = u.out;
  out.amz_date = amz_date(scope.time);
  const std::string_view date = std::string_view(out.amz_date).substr(0, 8);
  // Hex of a SHA-256 on the stack: it is copied into the canonical request (and into
  // x-amz-content-sha256 when asked), never kept.
  const digest payload_digest = sha256(req.payload);
  std::array<char, 2 * std::tuple_size_v<digest>> payload_hex;
  ddbkit::detail::write_lower_hex(payload_hex.data(), payload_digest.data(), payload_digest.size());
  const std::string_view payload_hash(payload_hex.data(), payload_hex.size());

  std::string scratch;
  auto headers = canonical_header_list(req, scratch);
  headers.push_back({"x-amz-date", out.amz_date});
  if (scope.sign_body) {
    out.content_sha256 = std::string(payload_hash);
    headers.push_back({"x-amz-content-sha256", out.content_sha256});
  }
  if (!creds.session_token.empty()) {
    out.security_token = std::string(creds.session_token.reveal());
    if (!scope.omit_session_token) headers.push_back({"x-amz-security-token", out.security_token});
  }
  sort_by_name(headers);

  const std::string uri = canonical_uri(req.path, scope.normalize_path);
  const std::string query = canonical_query(req.query);
  std::size_t header_bytes = 0;
  std::size_t name_bytes = 0;
  for (const auto& h : headers) {
    header_bytes += 2 * h.name.size() + h.value.size() + 3;
    name_bytes += h.name.size() + 1;
  }

  std::string& canonical = out.canonical_request;
  std::string& signed_headers = u.signed_headers;
  signed_headers.reserve(name_bytes);
  canonical.reserve(req.method.size() + uri.size() + query.size() + header_bytes + payload_hash.size() + 8);
  canonical.append(req.method).append(1, '\n').append(uri).append(1, '\n').append(query).append(1, '\n');
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (i > 0 && headers[i].name == headers[i - 1].name) {
      canonical.back() = ',';  // replace the newline: same header, next value
      canonical.append(headers[i].value).append(1, '\n');
      continue;
    }
    canonical.append(headers[i].name).append(1, ':').append(headers[i].value).append(1, '\n');
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += headers[i].name;
  }
  canonical.append(1, '\n').append(signed_headers).append(1, '\n').append(payload_hash);

  constexpr std::string_view terminator = "/aws4_request";
  u.credential_scope.reserve(date.size() + scope.region.size() + scope.service.size() + terminator.size() + 2);
  u.credential_scope.append(date).append(1, '/').append(scope.region).append(1, '/').append(scope.service).append(terminator);

  constexpr std::string_view algorithm = "AWS4-HMAC-SHA256\n";
  out.string_to_sign.reserve(algorithm.size() + out.amz_date.size() + u.credential_scope.size() + 66);
  out.string_to_sign.append(algorithm).append(out.amz_date).append(1, '\n').append(u.credential_scope).append(1, '\n');
  append_hex(out.string_to_sign, sha256(canonical));
  return u;
}

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
digest derive_signing_key(const credentials& creds, const signing_scope& scope, std::string_view date) {
  std::string secret = "AWS4" + std::string(creds.secret_access_key.reveal());
  digest key = hmac(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), date);
  OPENSSL_cleanse(secret.data(), secret.size());
  key = hmac(key, scope.region);
  key = hmac(key, scope.service);
  return hmac(key, "aws4_request");
}

std::string_view date_of(const unsigned_request& u) { return std::string_view(u.out.amz_date).substr(0, 8); }

signature authorize(unsigned_request u, const credentials& creds, const digest& sig) {
  constexpr std::string_view credential = "AWS4-HMAC-SHA256 Credential=";
  constexpr std::string_view signed_headers = ", SignedHeaders=";
  constexpr std::string_view signature_is = ", Signature=";
  std::string& out = u.out.authorization;
  out.reserve(credential.size() + creds.access_key_id.size() + 1 + u.credential_scope.size() + signed_headers.size() +
              u.signed_headers.size() + signature_is.size() + 2 * sig.size());
  out.append(credential).append(creds.access_key_id).append(1, '/').append(u.credential_scope);
  out.append(signed_headers).append(u.signed_headers).append(signature_is);
  append_hex(out, sig);
  return std::move(u.out);
}

signature finish(unsigned_request u, const credentials& creds, const digest& signing_key) {
  const digest sig = hmac(signing_key, u.out.string_to_sign);
  return authorize(std::move(u), creds, sig);
}

}  // namespace

signature sign(const signable_request& req, const credentials& creds, const signing_scope& scope) {
  auto u = canonicalize(req, creds, scope);
  const digest key = derive_signing_key(creds, scope, date_of(u));
  return finish(std::move(u), creds, key);
}

/// The cached key's HMAC states (hmac_key), kept out of the public header.
struct signing_key_cache::prepared_key : hmac_key {
  using hmac_key::hmac_key;
};

namespace detail {

struct signing_key_access {
  static digest signature(signing_key_cache& cache, const credentials& creds, const signing_scope& scope,
                          std::string_view date, std::string_view credential_scope, std::string_view string_to_sign) {
    hmac_key prepared = [&]() -> hmac_key {
      // Deriving under the lock: once a day, and concurrent first requests derive once.
      // The states are copied out (two small structs), so the hashing runs unlocked.
      std::lock_guard lock(cache.mutex_);
      if (!cache.valid_ || cache.credential_scope_ != credential_scope || !(cache.secret_ == creds.secret_access_key)) {
        digest key = derive_signing_key(creds, scope, date);
        cache.prepared_ = std::make_shared<const signing_key_cache::prepared_key>(key);
        OPENSSL_cleanse(key.data(), key.size());
        cache.secret_ = creds.secret_access_key;
        cache.credential_scope_ = credential_scope;
        cache.valid_ = true;
        ++cache.derivations_;
      }
      return *cache.prepared_;
    }();
    return std::move(prepared).mac(string_to_sign);
  }
};

digest cached_signature(signing_key_cache& cache, const credentials& creds, const signing_scope& scope,
                        std::string_view date, std::string_view credential_scope, std::string_view string_to_sign) {
  return signing_key_access::signature(cache, creds, scope, date, credential_scope, string_to_sign);
}

}  // namespace detail

signature sign(const signable_request& req, const credentials& creds, const signing_scope& scope,
               signing_key_cache& cache) {
  auto u = canonicalize(req, creds, scope);
  const digest sig =
      detail::cached_signature(cache, creds, scope, date_of(u), u.credential_scope, u.out.string_to_sign);
  return authorize(std::move(u), creds, sig);
}

signing_key_cache::signing_key_cache() = default;
signing_key_cache::~signing_key_cache() = default;

std::uint64_t signing_key_cache::derivations() const {
  std::lock_guard lock(mutex_);
  return derivations_;
}

}  // namespace ddbkit::sigv4
