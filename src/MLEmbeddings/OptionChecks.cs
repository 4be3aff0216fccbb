namespace MLEmbeddings;

/// <summary>Checks of single option values shared by every component's options, with messages that name the option, the expected and the received value.</summary>
internal static class OptionChecks
{
    /// <summary>Requires a non-empty column name.</summary>
    public static void RequireColumnName(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{option} must name a column; got {(value is null ? "null" : $"'{value}'")}.", option);
        }
    }

    /// <summary>Requires <paramref name="value"/> &gt;= <paramref name="minimum"/>.</summary>
    public static void RequireAtLeast(int value, int minimum, string option)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be at least {minimum}; got {value}.");
        }
    }

    /// <summary>Requires a finite value &gt; 0.</summary>
    public static void RequirePositiveFinite(float value, string option)
    {
        if (!(value > 0f) || !float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be a finite number greater than 0; got {value}.");
        }
    }

    /// <summary>Requires -1 (all cores) or a positive thread count.</summary>
    public static void RequireThreadCount(int value, string option)
    {
        if (value == 0 || value < -1)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be -1 (all cores) or a positive thread count; got {value}.");
        }
    }

    /// <summary>Requires a defined enum value.</summary>
    public static void RequireDefined<TEnum>(TEnum value, string option)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}; got {value}.");
        }
    }

    /// <summary>Requires a non-empty file path (whether the file exists is checked where it is opened).</summary>
    public static void RequireFilePath(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{option} must be the path of a file; got {(value is null ? "null" : $"'{value}'")}.", option);
        }
    }

    /// <summary>An <see cref="ArgumentException"/> for option (or parameter) <paramref name="option"/> whose value fails a check made where it is used (a file that cannot be opened, a model that does not fit).</summary>
    public static ArgumentException Invalid(string option, string message, Exception? innerException = null) => new(message, option, innerException);

    /// <summary>An <see cref="ArgumentOutOfRangeException"/> for option (or parameter) <paramref name="option"/> whose value is out of the range found where it is used.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string option, object value, string message) => new(option, value, message);

    /// <summary>Requires a finite value &gt; 0.</summary>
    public static void RequirePositiveFinite(double value, string option)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be a finite number greater than 0; got {value}.");
        }
    }

    /// <summary>Requires a finite value &gt;= 0.</summary>
    public static void RequireNonNegativeFinite(double value, string option)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be a finite number of 0 or more; got {value}.");
        }
    }

    /// <summary>Requires a finite value.</summary>
    public static void RequireFinite(double value, string option)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be a finite number; got {value}.");
        }
    }
}
