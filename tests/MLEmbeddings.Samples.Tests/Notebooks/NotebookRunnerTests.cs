using System.Text.Json;

namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>The runner itself, on small notebooks written by the tests (no packages, so no restore).</summary>
[Collection(NotebookTestGroup.Name)]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlembeddings-runner-").FullName;

    [Fact]
    public async Task Cells_share_state_in_order_print_their_output_and_last_value_and_run_in_the_notebook_folder()
    {
        string path = Write(
            "state.ipynb",
            Markdown("# Title"),
            Code("var numbers = new List<int> { 1, 2, 3 };\nConsole.WriteLine($\"count {numbers.Count}\");"),
            Markdown("text"),
            Code("record Point(int X, int Y);\nvar p = new Point(numbers.Sum(), 4);\nConsole.WriteLine(System.IO.Directory.GetCurrentDirectory());"),
            Code("Console.WriteLine(\"CHECK total=6\");\np.X * p.Y"));

        NotebookRun run = await NotebookRunner.RunAsync(path, Path.Combine(_directory, "work"));

        Assert.Equal([2, 4, 5], run.CellOutputs.Select(c => c.Cell));
        Assert.Equal("count 3\n", run.CellOutputs[0].Output.ReplaceLineEndings("\n"));
        Assert.Equal(_directory, run.CellOutputs[1].Output.Trim());
        Assert.Equal("CHECK total=6\n24\n", run.CellOutputs[2].Output.ReplaceLineEndings("\n"));
        Assert.Equal("6", run.Checks()["total"]);
        Assert.NotEqual(_directory, Environment.CurrentDirectory);
    }

    [Fact]
    public async Task A_cell_that_throws_fails_the_run_naming_the_notebook_the_cell_and_the_exception()
    {
        string path = Write(
            "throws.ipynb",
            Code("Console.WriteLine(\"fine\");"),
            Markdown("next"),
            Code("Console.WriteLine(\"before\");\nthrow new InvalidOperationException(\"the data is gone\");"),
            Code("Console.WriteLine(\"never\");"));

        NotebookCellException error = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(path, _directory));

        Assert.StartsWith("throws.ipynb, cell 3: threw System.InvalidOperationException: the data is gone", error.Message, StringComparison.Ordinal);
        Assert.Contains("before", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task A_cell_that_does_not_compile_fails_naming_the_cell_and_the_compiler_error()
    {
        string path = Write("broken.ipynb", Code("int x = 1;"), Code("\n\nint y = x + undefinedName;"));

        NotebookCellException error = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(path, _directory));

        Assert.StartsWith("broken.ipynb, cell 2: does not compile:", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken.ipynb cell 2(3,13): error CS0103", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_of_another_kernel_and_magic_commands_are_rejected_naming_the_cell()
    {
        string fsharp = Write("fsharp.ipynb", Code("Console.WriteLine(1);"), Code("printfn \"hi\"", kernel: "fsharp"));
        string magic = Write("magic.ipynb", Code("#!time\nConsole.WriteLine(1);"));

        NotebookCellException kernelError = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(fsharp, _directory));
        NotebookCellException magicError = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(magic, _directory));

        Assert.StartsWith("fsharp.ipynb, cell 2: the cell's kernel is 'fsharp'", kernelError.Message, StringComparison.Ordinal);
        Assert.StartsWith("magic.ipynb, cell 1: line 1: the magic command '#!time' is not supported", magicError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notebook_of_another_kernel_is_rejected()
    {
        string path = Path.Combine(_directory, "python.ipynb");
        File.WriteAllText(path, """{"cells": [], "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 2}""");

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => NotebookRunner.RunAsync(path, _directory));

        Assert.Equal("python.ipynb: expected metadata.kernelspec.name '.net-csharp', got 'python3'.", error.Message);
    }

    [Fact]
    public void Package_directives_are_read_and_blanked_keeping_line_numbers()
    {
        CellDirectives directives = CellDirectives.Parse("#i \"nuget: ../artifacts/packages\"\n#r \"nuget: MLEmbeddings, 0.1.0\"\n  #r \"nuget:ScottPlot,5.1.59\"  \nusing System.IO;\n#r \"local.dll\"");

        Assert.Equal(["../artifacts/packages"], directives.Sources);
        Assert.Equal([new NuGetPackage("MLEmbeddings", "0.1.0"), new NuGetPackage("ScottPlot", "5.1.59")], directives.Packages);
        Assert.Equal("\n\n\nusing System.IO;\n#r \"local.dll\"", directives.Code);
    }

    [Fact]
    public void A_package_without_a_version_is_rejected()
    {
        NotSupportedException error = Assert.Throws<NotSupportedException>(() => CellDirectives.Parse("\n#r \"nuget: ScottPlot\""));

        Assert.Equal("line 2: '#r \"nuget: ScottPlot\"' has no version; write #r \"nuget: ScottPlot, <version>\".", error.Message);
    }

    [Fact]
    public void Check_lines_are_parsed_by_name_and_a_repeated_name_is_an_error()
    {
        var run = new NotebookRun("n.ipynb", [(1, "CHECK a=0.5\nnot a check: CHECK b=1\n"), (3, "CHECK plot=output/x.png\nCHECK a=2\n")], []);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => run.Checks());
        var single = new NotebookRun("n.ipynb", [(1, "CHECK a=0.5\r\nCHECK plot=output/x.png\n")], []);

        Assert.Equal("n.ipynb prints CHECK a more than once.", error.Message);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "0.5", ["plot"] = "output/x.png" }, single.Checks());
        Assert.Equal(0.5, NotebookRun.Number("n.ipynb", "a", single.Checks()["a"]));
        Assert.Throws<InvalidDataException>(() => NotebookRun.Number("n.ipynb", "plot", "output/x.png"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Dictionary<string, object> Markdown(string text)
        => new() { ["cell_type"] = "markdown", ["metadata"] = new Dictionary<string, object>(), ["source"] = Lines(text) };

    private static Dictionary<string, object> Code(string text, string kernel = "csharp")
        => new()
        {
            ["cell_type"] = "code",
            ["execution_count"] = 0,
            ["metadata"] = new Dictionary<string, object> { ["polyglot_notebook"] = new Dictionary<string, object> { ["kernelName"] = kernel } },
            ["outputs"] = Array.Empty<object>(),
            ["source"] = Lines(text),
        };

    // nbformat keeps each line's end in the list of source lines.
    private static string[] Lines(string text)
    {
        string[] lines = text.Split('\n');
        return lines.Select((line, i) => i < lines.Length - 1 ? line + "\n" : line).ToArray();
    }

    private string Write(string name, params Dictionary<string, object>[] cells)
    {
        var notebook = new Dictionary<string, object>
        {
            ["cells"] = cells,
            ["metadata"] = new Dictionary<string, object>
            {
                ["kernelspec"] = new Dictionary<string, string> { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["polyglot_notebook"] = new Dictionary<string, object>
                {
                    ["kernelInfo"] = new Dictionary<string, object> { ["defaultKernelName"] = "csharp", ["items"] = new[] { new Dictionary<string, string> { ["name"] = "csharp" } } },
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 2,
        };
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, JsonSerializer.Serialize(notebook));
        return path;
    }
}
