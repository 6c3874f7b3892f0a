#pragma once
/// Private to the files room: reading an input file whole, with the checks every reader makes.

#include <filesystem>
#include <functional>
#include <string>

namespace strikesim::model::detail {

/// The bytes of `path`. A file that does not exist, is not a regular file (a directory, a device,
/// a pipe), cannot be read or holds more than limits::max_file_bytes is refused through
/// `refuse(why)`, which must throw.
std::string read_input_file(const std::filesystem::path& path,
                            const std::function<void(const std::string& why)>& refuse);

}  // namespace strikesim::model::detail
