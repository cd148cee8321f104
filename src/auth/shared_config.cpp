#include <ddbkit/auth/shared_config.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ddbkit {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

/// The value without an inline comment (" #" or " ;", as the AWS CLI strips them).
std::string_view strip_inline_comment(std::string_view value) {
  for (std::size_t i = 1; i < value.size(); ++i) {
    if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
      return trim(value.substr(0, i));
    }
  }
  return value;
}

enum class file_kind { config, credentials };

using section_map = std::map<std::string, profile, std::less<>>;

/// Adds the file's profiles to `profiles` (and, from the config file, its `[sso-session x]`
/// sections to `sso_sessions`); `overwrite` says whether its values win.
void parse_into(section_map& profiles, section_map& sso_sessions, std::string_view text, file_kind kind,
                bool overwrite) {
  profile* current = nullptr;
  bool in_nested = false;  // after "key =" with no value: indented lines belong to it
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;

    if (line.front() == '[') {
      in_nested = false;
      current = nullptr;
      const auto close = line.find(']');
      if (close == std::string_view::npos) continue;
      std::string_view name = trim(line.substr(1, close - 1));
      section_map* sections = &profiles;
      if (kind == file_kind::config) {
        if (name.starts_with("profile ") || name.starts_with("profile\t")) {
          name = trim(name.substr(8));
        } else if (name.starts_with("sso-session ") || name.starts_with("sso-session\t")) {
          name = trim(name.substr(12));
          sections = &sso_sessions;
        } else if (name != "default") {
          continue;  // [services x], or a credentials-style name: not a profile here
        }
      }
      if (name.empty()) continue;
      auto& p = (*sections)[std::string(name)];
      p.name = std::string(name);
      current = &p;
      continue;
    }
    if (current == nullptr) continue;
    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (indented && in_nested) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string key(trim(line.substr(0, eq)));
    const std::string_view value = strip_inline_comment(trim(line.substr(eq + 1)));
    in_nested = value.empty();
    if (key.empty() || in_nested) continue;
    if (overwrite || !current->settings.contains(key)) current->settings[key] = std::string(value);
  }
}

/// The file's content; empty when it does not exist.
result<std::string> read_optional_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail(error_code::credentials, path + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || errno == ENOTDIR) return std::string();
    return fail(error_code::credentials, "cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return fail(error_code::credentials, "cannot read " + path);
  return std::move(content).str();
}

std::string file_path(const environment& env, std::string_view variable, std::string_view default_name) {
  if (auto set = env(variable); set && !set->empty()) return *set;
  return env("HOME").value_or("") + "/.aws/" + std::string(default_name);
}

}  // namespace

std::string_view profile::get(std::string_view key) const {
  auto it = settings.find(key);
  return it == settings.end() ? std::string_view() : std::string_view(it->second);
}

shared_config shared_config::parse(std::string_view config_text, std::string_view credentials_text) {
  shared_config out;
  parse_into(out.profiles_, out.sso_sessions_, credentials_text, file_kind::credentials, true);
  parse_into(out.profiles_, out.sso_sessions_, config_text, file_kind::config, false);
  return out;
}

result<shared_config> shared_config::load(const environment& env) {
  const std::string config_path = file_path(env, "AWS_CONFIG_FILE", "config");
  const std::string credentials_path = file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  errno = 0;
  auto config_text = read_optional_file(config_path);
  if (!config_text) return std::unexpected(config_text.error());
  errno = 0;
  auto credentials_text = read_optional_file(credentials_path);
  if (!credentials_text) return std::unexpected(credentials_text.error());
  shared_config out = parse(*config_text, *credentials_text);
  out.sources_ = {config_path, credentials_path};
  return out;
}

const profile* shared_config::find(std::string_view name) const {
  auto it = profiles_.find(name);
  return it == profiles_.end() ? nullptr : &it->second;
}

const profile* shared_config::find_sso_session(std::string_view name) const {
  auto it = sso_sessions_.find(name);
  return it == sso_sessions_.end() ? nullptr : &it->second;
}

std::string selected_profile_name(const environment& env) {
  if (auto set = env("AWS_PROFILE"); set && !set->empty()) return *set;
  return "default";
}

}  // namespace ddbkit
