// Stand-in for the one libstdc++ symbol of GLIBCXX_3.4.32 (GCC 13) that TorchSharp's libLibTorchSharp.so needs and
// Debian 12's libstdc++ (GCC 12, GLIBCXX_3.4.30) lacks. GCC 13's <iostream> references std::ios_base_library_init()
// instead of giving every translation unit its own static std::ios_base::Init; this library restores the GCC 12
// behaviour: a static std::ios_base::Init (the standard streams are constructed before libLibTorchSharp.so's own
// initialisers run, since it is one of that library's NEEDED entries) and the referenced function, which does nothing.
// Built and used only by fix-libtorchsharp.sh.
#include <ios>

namespace
{
    const std::ios_base::Init StreamsInitialised;
}

namespace std
{
    __attribute__((visibility("default"))) void ios_base_library_init()
    {
    }
}
