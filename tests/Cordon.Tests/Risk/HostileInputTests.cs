using System.Diagnostics;
using System.Linq.Expressions;
using Cordon.Risk;
using Cordon.Risk.Language;

namespace Cordon.Tests.Risk;

/// <summary>What an analyst (or an attacker with an analyst's account) might type to break out or bring the engine down.</summary>
public sealed class HostileInputTests
{
    /// <summary>Size limits raised so that the depth limit itself is what stops deep input.</summary>
    private static readonly ExpressionLimits Roomy = ExpressionLimits.Default with { MaxSourceLength = 10_000_000, MaxNodes = 1_000_000 };

    private static ExpressionError Refused(string expression, ExpressionLimits? limits = null)
    {
        var check = RiskExpression.Check(expression, limits: limits);
        Assert.False(check.Ok, "expected a refusal");
        Assert.NotEmpty(check.Errors);
        return check.Errors[0];
    }

    [Fact]
    public void Ten_thousand_opening_parentheses_are_refused_cleanly()
    {
        // With the default limits it is refused for its size already; with room, by the depth check.
        var expression = new string('(', 10_000) + "true" + new string(')', 10_000);
        Assert.Equal(1, Refused(expression).Line);
        var error = Refused(expression, Roomy);
        Assert.Contains("nests too deeply", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(65, error.Column);
    }

    [Theory]
    [InlineData("not ", "true")]
    [InlineData("- ", "1 < 0")]
    [InlineData("[", "]")]
    [InlineData("lower(", ") == \"\"")]
    [InlineData("any(items, ", ")")]
    public void Deep_nesting_of_any_kind_is_refused_not_overflowed(string open, string close)
    {
        var expression = string.Concat(Enumerable.Repeat(open, 10_000)) + (close == "]" ? "1" : "") + (open == "- " ? close : "") +
                         (open == "not " ? close : "") + (open is "lower(" or "any(items, " ? "origin" + string.Concat(Enumerable.Repeat(")", 10_000)) : "") +
                         (open == "[" ? string.Concat(Enumerable.Repeat("]", 10_000)) : "");
        Assert.False(RiskExpression.Check(expression).Ok);
        Assert.Contains("nests too deeply", Refused(expression, Roomy).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_flat_chain_is_fine_but_a_left_deep_arithmetic_tower_is_bounded()
    {
        // 500 alternatives joined by "or" are one flat node: accepted.
        var flat = string.Join(" or ", Enumerable.Range(0, 500).Select(i => $"total_cif == {i}"));
        Assert.True(RiskExpression.Check(flat).Ok);
        // 1 + 1 + … builds a left-deep tree: refused past the depth limit, not a stack overflow later.
        var tower = string.Join(" + ", Enumerable.Repeat("1", 3_000)) + " > 0";
        Assert.Contains("nests too deeply", Refused(tower).Message, StringComparison.Ordinal);
        var highTower = string.Join(" * ", Enumerable.Repeat("total_cif", 100_000)) + " > 0";
        Assert.Contains("nests too deeply", Refused(highTower, Roomy).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_literals_and_huge_expressions_are_refused()
    {
        Assert.Contains("text literal too long", Refused("origin == \"" + new string('x', 5_000) + "\"").Message, StringComparison.Ordinal);
        Assert.Contains("number literal too long", Refused("total_cif > " + new string('9', 5_000)).Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", Refused("total_cif > 1e999").Message, StringComparison.Ordinal);
        Assert.Contains("the expression is too long", Refused(new string(' ', 30_000) + "true").Message, StringComparison.Ordinal);
        var bigList = "origin in (" + string.Join(", ", Enumerable.Range(0, 3_000).Select(i => $"\"{i}\"")) + ")";
        var longSource = ExpressionLimits.Default with { MaxSourceLength = 10_000_000 };
        Assert.Contains("too many elements", Refused(bigList, longSource).Message, StringComparison.Ordinal);
        var manyNodes = string.Join(" and ", Enumerable.Range(0, 2_000).Select(i => $"total_cif != {i}"));
        Assert.Contains("too large", Refused(manyNodes, longSource).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\") == \"\"", "unknown name 'System'")]
    [InlineData("GetType() == \"x\"", "unknown function 'GetType'")]
    [InlineData("item.GetType() == \"x\"", "'item.GetType' is not a function")]
    [InlineData("item.GetType == \"x\"", "item has no field 'GetType'")]
    [InlineData("importer.name.GetType() == \"x\"", "'importer.name.GetType' is not a function")]
    [InlineData("importer.name.Length > 3", "a text has no fields")]
    [InlineData("typeof(origin) == \"x\"", "unknown function 'typeof'")]
    [InlineData("Type.GetType(\"System.IO.File\") == \"x\"", "unknown name 'Type'")]
    [InlineData("features.GetType() == \"x\"", "'features.GetType' is not a function")]
    [InlineData("stats.GetType() == 1", "'stats' has no function 'GetType'")]
    [InlineData("Environment.Exit(1) == 1", "unknown name 'Environment'")]
    [InlineData("(origin)(\"x\")", "'origin' is a field, not a function")]
    [InlineData("origin.__class__ == \"x\"", "a text has no fields")]
    [InlineData("items[0].cif > 1", "unexpected '['")]
    public void Types_methods_and_io_are_unreachable(string expression, string message)
        => Assert.Contains(message, Refused(expression).Message, StringComparison.Ordinal);

    [Fact]
    public void The_sandbox_audit_refuses_trees_that_reach_outside_the_whitelist()
    {
        var readFile = Expression.Call(typeof(File).GetMethod(nameof(File.ReadAllText), [typeof(string)])!, Expression.Constant("/etc/passwd"));
        Assert.Contains("File.ReadAllText", Assert.Throws<InvalidOperationException>(() => SandboxAudit.Check(readFile)).Message, StringComparison.Ordinal);
        var getType = Expression.Call(Expression.Constant("x"), typeof(object).GetMethod(nameof(GetType))!);
        Assert.Throws<InvalidOperationException>(() => SandboxAudit.Check(getType));
        var invoke = Expression.Invoke(Expression.Constant(new Func<bool>(() => true)));
        Assert.Contains("Invoke", Assert.Throws<InvalidOperationException>(() => SandboxAudit.Check(invoke)).Message, StringComparison.Ordinal);
        var create = Expression.New(typeof(object));
        Assert.Throws<InvalidOperationException>(() => SandboxAudit.Check(create));
        // Everything the checker builds passes it (the 50 benchmark criteria are compiled through it too).
        Assert.True(RiskExpression.Check("any(items, contains(lower(item.description), \"gift\")) and stats.p10(\"870323\") > 0").Ok);
    }

    [Fact]
    public void Quantifiers_nested_past_the_limit_are_refused_at_save()
    {
        const string four = "any(items, any(items, any(items, any(items, item.cif > 0))))";
        Assert.Contains("quantifiers nest too deeply", Refused(four).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runaway_quantifier_is_stopped_by_the_step_limit_quickly()
    {
        var items = Enumerable.Range(1, 2_000).Select(i => Declarations.Car(i)).ToArray();
        var declaration = Declarations.CarImport(items);
        // 2,000³ = 8·10⁹ visits if unbounded.
        var runaway = RiskExpression.Compile("any(items, any(items, any(items, item.cif < 0)))");
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<EvaluationLimitExceeded>(() => runaway.Evaluate(declaration));
        Assert.Contains("step limit", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");

        // Also an item-level criterion with nested quantifiers.
        var itemLevel = RiskExpression.Compile("item.cif > 0 and count(items, any(items, item.cif < 0)) > 0");
        Assert.Throws<EvaluationLimitExceeded>(() => itemLevel.Evaluate(declaration));
    }

    [Fact]
    public void A_slow_evaluation_is_stopped_by_the_time_limit()
    {
        var limits = ExpressionLimits.Default with { MaxSteps = long.MaxValue, MaxTime = TimeSpan.FromMilliseconds(50) };
        var items = Enumerable.Range(1, 3_000).Select(i => Declarations.Car(i)).ToArray();
        var declaration = Declarations.CarImport(items);
        var runaway = RiskExpression.Compile("any(items, any(items, any(items, item.cif < 0)))", limits: limits);
        var scope = new EvaluationScope(limits);
        scope.Begin(declaration, NoRiskStatistics.Instance);
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<EvaluationLimitExceeded>(() => runaway.Evaluate(scope));
        Assert.Contains("time limit", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Control_characters_and_unicode_lookalikes_are_refused_with_a_position()
    {
        var error = Refused("origin == \"CN\" and flow \u2260 \"import\"");
        Assert.Contains("unexpected character '\u2260'", error.Message, StringComparison.Ordinal);
        Assert.Equal(25, error.Column);
        Assert.Contains("\\u0000", Refused("origin == \"CN\"\0").Message, StringComparison.Ordinal);
        Assert.Contains("unexpected character", Refused("оrigin == \"CN\"").Message, StringComparison.Ordinal); // Cyrillic "о"
    }
}
