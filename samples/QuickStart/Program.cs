using QuickStart;

QuickStartOptions options;
try
{
    options = QuickStartOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"QuickStart: {error.Message}");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(QuickStartOptions.Usage);
    return 0;
}

try
{
    return QuickStartJob.Run(options);
}
catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
{
    // ArgumentException: settings the data cannot support (a data folder with fewer images than --components, say); the library's message names the fix.
    Console.Error.WriteLine($"QuickStart: {error.Message.Split('\n')[0].Trim()}");
    return 1;
}
