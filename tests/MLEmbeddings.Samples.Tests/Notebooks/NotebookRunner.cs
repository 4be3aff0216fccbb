using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace MLEmbeddings.Samples.Tests.Notebooks;

/// <summary>
/// Executes a notebook's C# cells in order in one Roslyn scripting session, as the .NET Interactive C# kernel does:
/// the same default imports, variables and types carried from cell to cell, the cell's last expression value shown,
/// <c>#i</c> / <c>#r "nuget: ..."</c> lines resolved through NuGet (<see cref="PackageRestorer"/>) when their cell runs,
/// and the working directory set to the notebook's folder. Console output is captured per cell. It changes process-wide
/// state (working directory, <see cref="Console.Out"/>), so tests that use it must not run in parallel with others.
/// </summary>
internal static class NotebookRunner
{
    // The C# kernel of .NET Interactive imports these namespaces in every notebook.
    private static readonly string[] KernelImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    /// <summary>Runs every C# cell of the notebook at <paramref name="path"/>; package restores happen in <paramref name="workDirectory"/>.</summary>
    /// <exception cref="NotebookCellException">A cell has an unsupported directive or kernel, does not compile, or throws.</exception>
    public static async Task<NotebookRun> RunAsync(string path, string workDirectory)
    {
        NotebookDocument notebook = NotebookDocument.Load(path);
        ScriptOptions options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .AddImports(KernelImports)
            .WithReferences(SharedFrameworkAssemblies())
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(notebook.Directory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(notebook.Directory));
        var sources = new List<string>();
        var packages = new List<NuGetPackage>();
        var referenced = new List<string>();
        var outputs = new List<(int, string)>();
        ScriptState<object>? state = null;
        string previousDirectory = Environment.CurrentDirectory;
        TextWriter previousOutput = Console.Out;
        try
        {
            Environment.CurrentDirectory = notebook.Directory;
            foreach (NotebookCell cell in notebook.Cells.Where(c => c.IsCode))
            {
                if (cell.KernelName != "csharp")
                {
                    throw new NotebookCellException(notebook.Name, cell.Number, $"the cell's kernel is '{cell.KernelName}'; the runner executes C# ('csharp') cells only.", new NotSupportedException(cell.KernelName));
                }

                CellDirectives directives = Directives(notebook, cell);
                sources.AddRange(directives.Sources.Select(s => Uri.IsWellFormedUriString(s, UriKind.Absolute) ? s : Path.GetFullPath(s, notebook.Directory)));
                if (directives.Packages.Count > 0)
                {
                    packages.AddRange(directives.Packages);
                    RestoredPackages restored = Restore(notebook, cell, sources, packages, workDirectory);
                    NativeLibraryResolver.Register(restored.NativeLibraries);
                    string[] added = restored.ManagedAssemblies.Except(referenced, StringComparer.Ordinal).ToArray();
                    referenced.AddRange(added);
                    options = options.AddReferences(added.Select(a => MetadataReference.CreateFromFile(a)));
                }

                if (string.IsNullOrWhiteSpace(directives.Code))
                {
                    continue;
                }

                using var output = new StringWriter();
                Console.SetOut(output);
                try
                {
                    ScriptOptions cellOptions = options.WithFilePath($"{notebook.Name} cell {cell.Number}");
                    state = state is null
                        ? await CSharpScript.RunAsync(directives.Code, cellOptions)
                        : await state.ContinueWithAsync(directives.Code, cellOptions);
                }
                catch (CompilationErrorException error)
                {
                    throw new NotebookCellException(notebook.Name, cell.Number, "does not compile:\n" + string.Join('\n', error.Diagnostics), error);
                }
                catch (Exception error)
                {
                    throw new NotebookCellException(notebook.Name, cell.Number, $"threw {error.GetType().FullName}: {error.Message}\nOutput so far:\n{output}", error);
                }
                finally
                {
                    Console.SetOut(previousOutput);
                }

                if (state.ReturnValue is not null)
                {
                    output.WriteLine(state.ReturnValue);
                }

                outputs.Add((cell.Number, output.ToString()));
            }
        }
        finally
        {
            Console.SetOut(previousOutput);
            Environment.CurrentDirectory = previousDirectory;
        }

        return new NotebookRun(notebook.Name, outputs, referenced);
    }

    // Every assembly of the running shared framework (Microsoft.NETCore.App), as a project targeting it references.
    private static IEnumerable<MetadataReference> SharedFrameworkAssemblies()
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == framework)
            .Select(path => MetadataReference.CreateFromFile(path));
    }

    private static CellDirectives Directives(NotebookDocument notebook, NotebookCell cell)
    {
        try
        {
            return CellDirectives.Parse(cell.Source);
        }
        catch (NotSupportedException error)
        {
            throw new NotebookCellException(notebook.Name, cell.Number, error.Message, error);
        }
    }

    private static RestoredPackages Restore(NotebookDocument notebook, NotebookCell cell, List<string> sources, List<NuGetPackage> packages, string workDirectory)
    {
        try
        {
            return PackageRestorer.Restore(sources, packages, workDirectory);
        }
        catch (InvalidOperationException error)
        {
            throw new NotebookCellException(notebook.Name, cell.Number, error.Message, error);
        }
    }
}
