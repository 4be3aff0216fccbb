using System.Diagnostics;
using Spectre.Console;

namespace QuickStart;

/// <summary>Runs the job's steps, each behind its progress bar, and remembers how long each took.</summary>
internal sealed class StepTimings
{
    private readonly List<(string Step, TimeSpan Time)> _steps = [];

    /// <summary>The steps run so far with their wall time, in order.</summary>
    public IReadOnlyList<(string Step, TimeSpan Time)> Steps => _steps;

    /// <summary>The sum of the steps' times.</summary>
    public TimeSpan Total => TimeSpan.FromTicks(_steps.Sum(step => step.Time.Ticks));

    /// <summary>
    /// Runs <paramref name="action"/> as step <paramref name="step"/>: <paramref name="task"/> spins while it runs (the
    /// library's progress reports move <paramref name="fedBars"/>), then every bar is filled.
    /// </summary>
    public T Time<T>(string step, ProgressTask task, Func<T> action, params ProgressTask[] fedBars)
    {
        var stopwatch = Stopwatch.StartNew();
        task.IsIndeterminate = true;
        task.StartTask();
        T result = action();
        foreach (ProgressTask bar in fedBars.Append(task))
        {
            Complete(bar);
        }

        _steps.Add((step, stopwatch.Elapsed));
        return result;
    }

    /// <summary>Runs <paramref name="action"/> as step <paramref name="step"/> behind <paramref name="task"/>; see the other overload.</summary>
    public void Time(string step, ProgressTask task, Action action)
        => Time(step, task, () =>
        {
            action();
            return true;
        });

    private static void Complete(ProgressTask bar)
    {
        bar.IsIndeterminate = false;
        if (!bar.IsStarted)
        {
            bar.StartTask();
        }

        bar.Value = bar.MaxValue;
        bar.StopTask();
    }
}
