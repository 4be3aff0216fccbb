// Marks a version requirement of an ELF64 shared library as weak (VER_FLG_WEAK in its .gnu.version_r entry), so the
// dynamic loader no longer refuses the library when the named version is missing from the system.
// Usage: mark_version_weak <library.so> <version name, e.g. GLIBCXX_3.4.32>
// Exit code 0 when the requirement is weak afterwards (also when it already was), 1 when the library has no such
// requirement, 2 on an error (not an ELF64 little-endian file, unreadable, truncated). Built and run by fix-libtorchsharp.sh.
#include <elf.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace
{
    template <typename T>
    bool ReadAt(const std::vector<char>& bytes, size_t offset, T& value)
    {
        if (offset > bytes.size() || bytes.size() - offset < sizeof(T))
        {
            return false;
        }

        std::memcpy(&value, bytes.data() + offset, sizeof(T));
        return true;
    }

    int Fail(const char* message)
    {
        std::fprintf(stderr, "mark_version_weak: %s\n", message);
        return 2;
    }
}

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        return Fail("usage: mark_version_weak <library.so> <version name>");
    }

    const std::string path = argv[1];
    const std::string version = argv[2];
    std::ifstream input(path, std::ios::binary);
    if (!input)
    {
        return Fail("cannot open the library");
    }

    std::vector<char> bytes((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
    input.close();
    Elf64_Ehdr header;
    if (!ReadAt(bytes, 0, header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0
        || header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB)
    {
        return Fail("not a little-endian ELF64 file");
    }

    std::vector<Elf64_Shdr> sections(header.e_shnum);
    for (size_t i = 0; i < sections.size(); i++)
    {
        if (!ReadAt(bytes, header.e_shoff + (i * header.e_shentsize), sections[i]))
        {
            return Fail("truncated section header table");
        }
    }

    for (const Elf64_Shdr& section : sections)
    {
        if (section.sh_type != SHT_GNU_verneed || section.sh_link >= sections.size())
        {
            continue;
        }

        const Elf64_Shdr& strings = sections[section.sh_link];
        size_t needOffset = section.sh_offset;
        for (Elf64_Word need = 0; need < section.sh_info; need++)
        {
            Elf64_Verneed entry;
            if (!ReadAt(bytes, needOffset, entry))
            {
                return Fail("truncated .gnu.version_r");
            }

            size_t auxOffset = needOffset + entry.vn_aux;
            for (Elf64_Half a = 0; a < entry.vn_cnt; a++)
            {
                Elf64_Vernaux aux;
                if (!ReadAt(bytes, auxOffset, aux) || strings.sh_offset + aux.vna_name >= bytes.size())
                {
                    return Fail("truncated .gnu.version_r entry");
                }

                const char* name = bytes.data() + strings.sh_offset + aux.vna_name;
                if (version == std::string(name, strnlen(name, bytes.size() - (strings.sh_offset + aux.vna_name))))
                {
                    if ((aux.vna_flags & VER_FLG_WEAK) == 0)
                    {
                        aux.vna_flags |= VER_FLG_WEAK;
                        std::memcpy(bytes.data() + auxOffset, &aux, sizeof(aux));
                        std::ofstream output(path, std::ios::binary | std::ios::trunc);
                        output.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                        if (!output)
                        {
                            return Fail("cannot write the library");
                        }
                    }

                    std::printf("mark_version_weak: %s is a weak requirement of %s\n", version.c_str(), path.c_str());
                    return 0;
                }

                auxOffset += aux.vna_next;
            }

            needOffset += entry.vn_next;
        }
    }

    std::fprintf(stderr, "mark_version_weak: %s does not require %s\n", path.c_str(), version.c_str());
    return 1;
}
