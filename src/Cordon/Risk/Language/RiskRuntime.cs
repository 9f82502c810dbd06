using System.Reflection;

namespace Cordon.Risk.Language;

/// <summary>
/// The only methods compiled criteria call besides the schema's getters, a few string members and
/// <see cref="IRiskStatistics.UnitValue"/>. Each is small, total (no exceptions) and free of I/O;
/// <see cref="SandboxAudit"/> refuses a compiled tree that calls anything else.
/// </summary>
public static class RiskRuntime
{
    public static double DayNumber(DateOnly? date) => date?.DayNumber ?? double.NaN;

    /// <summary>An empty needle would match everything, so it matches nothing: a missing value must not fire a criterion.</summary>
    public static bool StartsWith(string text, string prefix) => prefix.Length > 0 && text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    public static bool EndsWith(string text, string suffix) => suffix.Length > 0 && text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);

    public static bool Contains(string text, string fragment) => fragment.Length > 0 && text.Contains(fragment, StringComparison.OrdinalIgnoreCase);

    public static bool StartsWithAny(string text, string[] prefixes)
    {
        foreach (var p in prefixes)
        {
            if (StartsWith(text, p))
            {
                return true;
            }
        }
        return false;
    }

    public static bool EndsWithAny(string text, string[] suffixes)
    {
        foreach (var s in suffixes)
        {
            if (EndsWith(text, s))
            {
                return true;
            }
        }
        return false;
    }

    public static bool ContainsAny(string text, string[] fragments)
    {
        foreach (var f in fragments)
        {
            if (Contains(text, f))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Both known and different: an unknown number is neither equal nor unequal to anything.</summary>
    public static bool Differ(double a, double b) => !double.IsNaN(a) && !double.IsNaN(b) && a != b;

    /// <summary>Division by zero is unknown, so a criterion on a ratio does not fire on it.</summary>
    public static double Divide(double a, double b) => b == 0 ? double.NaN : a / b;

    public static double Remainder(double a, double b) => b == 0 ? double.NaN : a % b;

    public static double Round(double x) => Math.Round(x, MidpointRounding.AwayFromZero);

    public static double Log10(double x) => x > 0 ? Math.Log10(x) : double.NaN;

    public static double Min(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);

    public static double Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    public static double Year(double day) => double.IsNaN(day) ? double.NaN : DateOnly.FromDayNumber((int)day).Year;

    public static double Month(double day) => double.IsNaN(day) ? double.NaN : DateOnly.FromDayNumber((int)day).Month;

    public static double Day(double day) => double.IsNaN(day) ? double.NaN : DateOnly.FromDayNumber((int)day).Day;

    /// <summary>1 = Monday … 7 = Sunday.</summary>
    public static double Weekday(double day)
    {
        if (double.IsNaN(day))
        {
            return double.NaN;
        }
        var d = DateOnly.FromDayNumber((int)day).DayOfWeek;
        return d == DayOfWeek.Sunday ? 7 : (int)d;
    }

    public static bool InTexts(string value, string[] list) => Array.IndexOf(list, value) >= 0;

    public static bool InNumbers(double value, double[] list) => Array.IndexOf(list, value) >= 0;

    /// <summary>A flag: unknown reads as false.</summary>
    public static bool Flag(double value) => !double.IsNaN(value) && value != 0;

    internal static MethodInfo Method(string name) => typeof(RiskRuntime).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
                                                     ?? throw new InvalidOperationException($"RiskRuntime.{name} is missing.");

    internal static readonly MethodInfo DayNumberMethod = Method(nameof(DayNumber));
}
