using System.Linq.Expressions;

namespace Cordon.Risk.Language;

using E = Expression;

/// <summary>
/// The plain functions of the language. Quantifiers (any, all, count, sum, avg, min, max over a
/// collection), <c>date("…")</c>, <c>missing</c>/<c>present</c> and operators are typed by the checker itself.
/// </summary>
internal static class BuiltinFunctions
{
    public static void Register(RiskSchema schema)
    {
        TextToText(schema, "lower", "The text in lower case.", a => E.Call(a, typeof(string).GetMethod(nameof(string.ToLowerInvariant), Type.EmptyTypes)!));
        TextToText(schema, "upper", "The text in upper case.", a => E.Call(a, typeof(string).GetMethod(nameof(string.ToUpperInvariant), Type.EmptyTypes)!));
        TextToText(schema, "trim", "The text without leading and trailing spaces.", a => E.Call(a, typeof(string).GetMethod(nameof(string.Trim), Type.EmptyTypes)!));
        schema.Register(new FunctionDefinition
        {
            Name = "length", Parameters = [RiskType.Text], Returns = RiskType.Number, Description = "Number of characters in the text.",
            Compile = a => E.Convert(E.Property(a[0], nameof(string.Length)), typeof(double)),
        });
        TextTest(schema, "starts_with", "The text starts with the prefix (ignoring case).", nameof(RiskRuntime.StartsWith), nameof(RiskRuntime.StartsWithAny));
        TextTest(schema, "ends_with", "The text ends with the suffix (ignoring case).", nameof(RiskRuntime.EndsWith), nameof(RiskRuntime.EndsWithAny));
        TextTest(schema, "contains", "The text contains the fragment (ignoring case).", nameof(RiskRuntime.Contains), nameof(RiskRuntime.ContainsAny));

        Number(schema, "abs", "Absolute value.", a => E.Call(typeof(Math).GetMethod(nameof(Math.Abs), [typeof(double)])!, a));
        Number(schema, "floor", "Largest whole number not above.", a => E.Call(typeof(Math).GetMethod(nameof(Math.Floor), [typeof(double)])!, a));
        Number(schema, "ceil", "Smallest whole number not below.", a => E.Call(typeof(Math).GetMethod(nameof(Math.Ceiling), [typeof(double)])!, a));
        Number(schema, "round", "Rounded to a whole number (half away from zero).", a => E.Call(RiskRuntime.Method(nameof(RiskRuntime.Round)), a));
        Number(schema, "log10", "Base-10 logarithm (unknown for 0 and below).", a => E.Call(RiskRuntime.Method(nameof(RiskRuntime.Log10)), a));
        Number2(schema, "min", "The smaller of two numbers (unknown if either is).", nameof(RiskRuntime.Min));
        Number2(schema, "max", "The larger of two numbers (unknown if either is).", nameof(RiskRuntime.Max));
        Number2(schema, "ratio", "x / y, unknown when y is 0 or unknown.", nameof(RiskRuntime.Divide));

        DatePart(schema, "year", "The year of a date.", nameof(RiskRuntime.Year));
        DatePart(schema, "month", "The month of a date, 1–12.", nameof(RiskRuntime.Month));
        DatePart(schema, "day", "The day of the month, 1–31.", nameof(RiskRuntime.Day));
        DatePart(schema, "weekday", "The day of the week, 1 = Monday … 7 = Sunday.", nameof(RiskRuntime.Weekday));
        schema.Register(new FunctionDefinition
        {
            Name = "days_between", Parameters = [RiskType.Date, RiskType.Date], Returns = RiskType.Number,
            Description = "Days from the first date to the second (negative when the second is earlier).",
            Compile = a => E.Subtract(a[1], a[0]),
        });

    }

    /// <summary>The unit-value statistics of past declarations (<c>stats.p10(hs6)</c> …): declarations only.</summary>
    public static void RegisterStatistics(RiskSchema schema)
    {
        var unitValue = typeof(IRiskStatistics).GetMethod(nameof(IRiskStatistics.UnitValue))!;
        var statistics = typeof(EvaluationScope).GetProperty(nameof(EvaluationScope.Statistics))!;
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
                Compile = a => E.Call(E.Property(Checker.Scope, statistics), unitValue, E.Constant(statistic), a[0], E.Constant(null, typeof(string))),
            });
            schema.Register(new FunctionDefinition
            {
                Name = "stats." + name, Parameters = [RiskType.Text, RiskType.Text], Returns = RiskType.Number,
                Description = $"The {description} of past unit values for this HS6 from this origin; unknown without history.",
                Compile = a => E.Call(E.Property(Checker.Scope, statistics), unitValue, E.Constant(statistic), a[0], a[1]),
            });
        }
    }

    private static void TextToText(RiskSchema schema, string name, string description, Func<Expression, Expression> body)
        => schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Text], Returns = RiskType.Text, Description = description,
            Compile = a => body(a[0]),
        });

    private static void TextTest(RiskSchema schema, string name, string description, string single, string any)
    {
        schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Text, RiskType.Text], Returns = RiskType.Boolean, Description = description,
            Compile = a => E.Call(RiskRuntime.Method(single), a[0], a[1]),
        });
        schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Text, RiskType.TextList], Returns = RiskType.Boolean, Description = description + " Any of the list.",
            Compile = a => E.Call(RiskRuntime.Method(any), a[0], a[1]),
        });
    }

    private static void Number(RiskSchema schema, string name, string description, Func<Expression, Expression> body)
        => schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Number], Returns = RiskType.Number, Description = description,
            Compile = a => body(a[0]),
        });

    private static void Number2(RiskSchema schema, string name, string description, string method)
        => schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Number, RiskType.Number], Returns = RiskType.Number, Description = description,
            Compile = a => E.Call(RiskRuntime.Method(method), a[0], a[1]),
        });

    private static void DatePart(RiskSchema schema, string name, string description, string method)
        => schema.Register(new FunctionDefinition
        {
            Name = name, Parameters = [RiskType.Date], Returns = RiskType.Number, Description = description,
            Compile = a => E.Call(RiskRuntime.Method(method), a[0]),
        });
}
