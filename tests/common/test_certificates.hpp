#pragma once
// A throwaway PKI made at test time: a self-signed CA and a server certificate it signs,
// so TLS tests need no files in the repository and nothing that expires.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace ddbkit::testing {

/// What the server certificate of a test_pki is.
enum class server_certificate {
  ca_signed,    ///< signed by the test CA, valid from an hour ago for a day
  expired,      ///< signed by the test CA, expired yesterday
  self_signed,  ///< signed by its own key (the test CA does not vouch for it)
};

/// PEM texts of a CA and of a server certificate (with its key) for the given names, plus
/// the CA written to a temporary file (removed with the object). Not copyable.
class test_pki {
 public:
  /// `dns_names` and `ip_addresses` become the server certificate's subjectAltName entries.
  explicit test_pki(const std::vector<std::string>& dns_names = {"localhost"},
                    const std::vector<std::string>& ip_addresses = {"127.0.0.1"},
                    server_certificate kind = server_certificate::ca_signed) {
    auto ca_key = make_key();
    auto ca = make_cert(ca_key.get(), nullptr, ca_key.get(), "ddbkit test CA", "critical,CA:TRUE", "");
    auto server_key = make_key();
    std::string san;
    for (const auto& n : dns_names) san += (san.empty() ? "" : ",") + std::string("DNS:") + n;
    for (const auto& ip : ip_addresses) san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
    const bool self_signed = kind == server_certificate::self_signed;
    auto server = make_cert(server_key.get(), self_signed ? nullptr : ca.get(),
                            self_signed ? server_key.get() : ca_key.get(), "ddbkit test server", "critical,CA:FALSE",
                            san, kind == server_certificate::expired);
    ca_pem_ = to_pem(ca.get());
    server_cert_pem_ = to_pem(server.get());
    server_key_pem_ = key_to_pem(server_key.get());

    std::string path = (std::filesystem::temp_directory_path() / "ddbkit-test-ca-XXXXXX.pem").string();
    const int fd = ::mkstemps(path.data(), 4);
    if (fd < 0) throw std::runtime_error("mkstemps failed");
    ::close(fd);
    ca_file_ = path;
    std::ofstream(ca_file_) << ca_pem_;
  }
  ~test_pki() {
    std::error_code ignored;
    if (!ca_file_.empty()) std::filesystem::remove(ca_file_, ignored);
  }
  test_pki(const test_pki&) = delete;
  test_pki& operator=(const test_pki&) = delete;

  const std::string& ca_pem() const { return ca_pem_; }
  const std::string& server_cert_pem() const { return server_cert_pem_; }
  const std::string& server_key_pem() const { return server_key_pem_; }
  std::string ca_file() const { return ca_file_.string(); }

 private:
  struct key_free { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
  struct cert_free { void operator()(X509* c) const { X509_free(c); } };
  using key_ptr = std::unique_ptr<EVP_PKEY, key_free>;
  using cert_ptr = std::unique_ptr<X509, cert_free>;

  static void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
  }

  static key_ptr make_key() {
    key_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    check(key != nullptr, "EVP_PKEY_Q_keygen");
    return key;
  }

  static void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }

  // Signs `key`'s certificate with `signer_key`; `issuer` null means self-signed.
  static cert_ptr make_cert(EVP_PKEY* key, X509* issuer, EVP_PKEY* signer_key, const std::string& common_name,
                            const std::string& basic_constraints, const std::string& san, bool expired = false) {
    cert_ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    static_cast<void>(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), issuer == nullptr ? 1 : 2));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), expired ? -2L * 24 * 3600 : -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), expired ? -24L * 3600 : 24L * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
    add_ext(cert.get(), issuer, NID_basic_constraints, basic_constraints);
    add_ext(cert.get(), issuer, NID_subject_key_identifier, "hash");
    if (issuer == nullptr && basic_constraints.find("CA:TRUE") != std::string::npos) {
      add_ext(cert.get(), issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else if (issuer == nullptr) {  // a self-signed server certificate
      add_ext(cert.get(), issuer, NID_key_usage, "critical,digitalSignature");
      add_ext(cert.get(), issuer, NID_ext_key_usage, "serverAuth");
      if (!san.empty()) add_ext(cert.get(), issuer, NID_subject_alt_name, san);
    } else {
      add_ext(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
      add_ext(cert.get(), issuer, NID_key_usage, "critical,digitalSignature");
      add_ext(cert.get(), issuer, NID_ext_key_usage, "serverAuth");
      if (!san.empty()) add_ext(cert.get(), issuer, NID_subject_alt_name, san);
    }
    check(X509_sign(cert.get(), signer_key, EVP_sha256()) > 0, "X509_sign");
    return cert;
  }

  template <class Write>
  static std::string bio_text(Write write) {
    BIO* bio = BIO_new(BIO_s_mem());
    check(bio != nullptr && write(bio) == 1, "PEM write");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return out;
  }
  static std::string to_pem(X509* cert) {
    return bio_text([&](BIO* b) { return PEM_write_bio_X509(b, cert); });
  }
  static std::string key_to_pem(EVP_PKEY* key) {
    return bio_text([&](BIO* b) { return PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
  }

  std::string ca_pem_;
  std::string server_cert_pem_;
  std::string server_key_pem_;
  std::filesystem::path ca_file_;
};

}  // namespace ddbkit::testing
