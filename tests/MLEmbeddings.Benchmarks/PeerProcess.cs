using System.Diagnostics;

namespace MLEmbeddings.Benchmarks;

/// <summary>Runs a peer script (Debian's /usr/bin/python3) after making sure the peer packages are installed.</summary>
public static class PeerProcess
{
    /// <summary>The folder holding the peer scripts, next to the benchmark sources.</summary>
    public static string PeersDirectory { get; } = FindPeersDirectory();

    /// <summary>Installs missing Debian peer packages (<c>peers/ensure-peers.sh</c>) and prints which BLAS the peers use.</summary>
    public static void EnsurePeers(params string[] extraDebianPackages)
        => Run("/bin/bash", [Path.Combine(PeersDirectory, "ensure-peers.sh"), .. extraDebianPackages]);

    /// <summary>Runs <c>/usr/bin/python3 peers/SCRIPT args</c> with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE removed, and returns its standard output.</summary>
    public static string RunPython(string script, params string[] arguments)
        => Run("/usr/bin/python3", [Path.Combine(PeersDirectory, script), .. arguments]);

    private static string Run(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with code {process.ExitCode}.");
        }

        return output;
    }

    private static string FindPeersDirectory()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "MLEmbeddings.Benchmarks", "peers");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/MLEmbeddings.Benchmarks/peers not found above " + AppContext.BaseDirectory);
    }
}
