namespace Cordon.Risk.Language;

using N = Func<EvaluationScope, double>;
using T = Func<EvaluationScope, string>;
using B = Func<EvaluationScope, bool>;
using TL = Func<EvaluationScope, string[]>;

/// <summary>
/// The plain functions of the language. Quantifiers (any, all, count, sum, avg, min, max over a
/// collection), <c>date("…")</c>, <c>missing</c>/<c>present</c> and operators are typed by the checker itself.
/// </summary>
internal static class BuiltinFunctions
{
    public static void Register(RiskSchema schema)
    {
        Text(schema, "lower", "The text in lower case.", a => s => a(s).ToLowerInvariant());
        Text(schema, "upper", "The text in upper case.", a => s => a(s).ToUpperInvariant());
        Text(schema, "trim", "The text without leading and trailing spaces.", a => s => a(s).Trim());
        schema.Register(new FunctionDefinition
        {
            Name = "length", Parameters = [RiskType.Text], Returns = RiskType.Number, Description = "Number of characters in the text.",
            Compile = a => { var x = (T)a[0]; return new N(s => x(s).Length); },
        });
        TextTest(schema, "starts_with", "The text starts with the prefix (ignoring case).", (x, y) => x.StartsWith(y, StringComparison.OrdinalIgnoreCase));
        TextTest(schema, "ends_with", "The text ends with the suffix (ignoring case).", (x, y) => x.EndsWith(y, StringComparison.OrdinalIgnoreCase));
        TextTest(schema, "contains", "The text contains the fragment (ignoring case).", (x, y) => x.Contains(y, StringComparison.OrdinalIgnoreCase));

        Number(schema, "abs", "Absolute value.", Math.Abs);
        Number(schema, "floor", "Largest whole number not above.", Math.Floor);
        Number(schema, "ceil", "Smallest whole number not below.", Math.Ceiling);
        Number(schema, "round", "Rounded to a whole number (half away from zero).", x => Math.Round(x, MidpointRounding.AwayFromZero));
        Number(schema, "log10", "Base-10 logarithm (unknown for 0 and below).", x => x > 0 ? Math.Log10(x) : double.NaN);
        Number2(schema, "min", "The smaller of two numbers (unknown if either is).", (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Min(x, y));
        Number2(schema, "max", "The larger of two numbers (unknown if either is).", (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Max(x, y));
        Number2(schema, "ratio", "x / y, unknown when y is 0 or unknown.", (x, y) => y == 0 ? double.NaN : x / y);

        DatePart(schema, "year", "The year of a date.", d => d.Year);
        DatePart(schema, "month", "The month of a date, 1–12.", d => d.Month);
        DatePart(schema, "day", "The day of the month, 1–31.", d => d.Day);
        DatePart(schema, "weekday", "The day of the week, 1 = Monday … 7 = Sunday.", d => d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek);
        schema.Register(new FunctionDefinition
        {
            Name = "days_between", Parameters = [RiskType.Date, RiskType.Date], Returns = RiskType.Number,
            Description = "Days from the first date to the second (negative when the second is earlier).",
            Compile = a => { var x = (N)a[0]; var y = (N)a[1]; return new N(s => y(s) - x(s)); },
        });

        foreach (var (name, statistic, description) in new[]
        {
            ("p5", UnitValueStatistic.P5, "5th percentile"),
            ("p10", UnitValueStatistic.P10, "10th percentile"),
            ("p25", UnitValueStatistic.P25, "25th percentile"),
            ("p50", UnitValueStatistic.P50, "median"),
            ("median", UnitValueStatistic.P50, "median"),
            ("p75", UnitValueStatistic.P75, "75th percentile"),
            ("p90", UnitValueStatistic.P90, "90th percentile"),
            ("p95", UnitValueStatistic.P95, "95th percentile"),
            ("mean", UnitValueStatistic.Mean, "mean"),
            ("count", UnitValueStatistic.Count, "number of past observations"),
        })
        {
            schema.Register(new FunctionDefinition
            {
                Name = "stats." + name, Parameters = [RiskType.Text], Returns = RiskType.Number,
                Description = $"The {description} of past unit values for this HS6 (all origins); unknown without history.",
                Compile = a => { var hs6 = (T)a[0]; return new N(s => s.Statistics.UnitValue(statistic, hs6(s), null)); },
            });
            schema.Register(new FunctionDefinition
            {
                Name = "stats." + name, Parameters = [RiskType.Text, RiskType.Text], Returns = RiskType.Number,
                Description = $"The {description} of past unit values for this HS6 from this origin; unknown without history.",
                Compile = a => { var hs6 = (T)a[0]; var origin = (T)a[1]; return new N(s => s.Statistics.UnitValue(statistic, hs6(s), origin(s))); },
            });
        }
    }

    private static void Text(RiskSchema schema, string name, string description, Func<T, T> body)
        => schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Text], Returns = RiskType.Text, Description = description,
            Compile = a => body((T)a[0]),
        });

    private static void TextTest(RiskSchema schema, string name, string description, Func<string, string, bool> test)
    {
        schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Text, RiskType.Text], Returns = RiskType.Boolean, Description = description,
            Compile = a =>
            {
                var x = (T)a[0];
                var y = (T)a[1];
                // An empty needle would match everything; a missing value must not fire a criterion.
                return new B(s => y(s) is { Length: > 0 } needle && test(x(s), needle));
            },
        });
        schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Text, RiskType.TextList], Returns = RiskType.Boolean, Description = description + " Any of the list.",
            Compile = a =>
            {
                var x = (T)a[0];
                var ys = (TL)a[1];
                return new B(s =>
                {
                    var value = x(s);
                    foreach (var y in ys(s))
                    {
                        if (y.Length > 0 && test(value, y))
                        {
                            return true;
                        }
                    }
                    return false;
                });
            },
        });
    }

    private static void Number(RiskSchema schema, string name, string description, Func<double, double> f)
        => schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Number], Returns = RiskType.Number, Description = description,
            Compile = a => { var x = (N)a[0]; return new N(s => f(x(s))); },
        });

    private static void Number2(RiskSchema schema, string name, string description, Func<double, double, double> f)
        => schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Number, RiskType.Number], Returns = RiskType.Number, Description = description,
            Compile = a => { var x = (N)a[0]; var y = (N)a[1]; return new N(s => f(x(s), y(s))); },
        });

    private static void DatePart(RiskSchema schema, string name, string description, Func<DateOnly, int> part)
        => schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Date], Returns = RiskType.Number, Description = description,
            Compile = a =>
            {
                var x = (N)a[0];
                return new N(s => x(s) is var d && double.IsNaN(d) ? double.NaN : part(DateOnly.FromDayNumber((int)d)));
            },
        });
}
