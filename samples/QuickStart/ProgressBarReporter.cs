using Spectre.Console;

namespace QuickStart;

/// <summary>
/// Moves a progress bar as a library component reports its iterations. Reports arrive synchronously on the fitting
/// thread (unlike <see cref="Progress{T}"/>, which posts them later), so the bar is up to date while the fit runs.
/// </summary>
/// <typeparam name="T">The component's progress record.</typeparam>
/// <param name="task">The bar.</param>
/// <param name="read">Reads (iterations done, iteration budget) from a report.</param>
internal sealed class ProgressBarReporter<T>(ProgressTask task, Func<T, (int Done, int Total)> read) : IProgress<T>
{
    public void Report(T value)
    {
        (int done, int total) = read(value);
        if (!task.IsStarted)
        {
            task.StartTask();
        }

        task.MaxValue = Math.Max(total, 1);
        task.Value = done;
    }
}
