using Cordon.Risk;
using Cordon.Risk.Language;

namespace Cordon.Tests.Risk;

public sealed class LanguageTests
{
    private static bool Fires(string expression, DeclarationFacts? declaration = null, IRiskStatistics? stats = null, List<int>? items = null)
        => RiskExpression.Compile(expression).Evaluate(declaration ?? Declarations.CarImport(), stats ?? Declarations.CarHistory(), items);

    private static ExpressionError SingleError(string expression)
    {
        var check = RiskExpression.Check(expression);
        Assert.False(check.Ok, $"expected '{expression}' to be refused");
        return check.Errors[0];
    }

    [Fact]
    public void The_issue_example_fires_on_an_undervalued_car_from_China_and_names_the_item()
    {
        const string expression = """item.hs6 in ("870323", "870324") and origin == "CN" and item.unit_value < stats.p10(item.hs6, origin)""";
        var check = RiskExpression.Check(expression);
        Assert.True(check.Ok, check.Describe());
        Assert.True(check.ItemLevel);

        var matched = new List<int>();
        var declaration = Declarations.CarImport(Declarations.Car(1, unitValue: 12_000), Declarations.Shoes(2), Declarations.Car(3, unitValue: 4_000));
        Assert.True(Fires(expression, declaration, items: matched));
        Assert.Equal([3], matched);

        Assert.False(Fires(expression, Declarations.CarImport(Declarations.Car(1, unitValue: 12_000))));
    }

    [Fact]
    public void Unknown_statistics_never_fire_a_comparison()
    {
        const string expression = "item.unit_value < stats.p10(item.hs6, origin)";
        Assert.False(Fires(expression, Declarations.CarImport(Declarations.Car(unitValue: 1)), NoRiskStatistics.Instance));
        Assert.True(Fires(expression, Declarations.CarImport(Declarations.Car(unitValue: 1))));
        // Over all origins (one argument) the 10th percentile includes the German 30,000.
        Assert.True(Fires("stats.count(\"870323\") == 12 and stats.p50(\"870323\", \"CN\") == 15000"));
    }

    [Theory]
    [InlineData("origin == \"CN\"", true)]
    [InlineData("origin != \"CN\"", false)]
    [InlineData("origin in (\"IR\", \"KP\")", false)]
    [InlineData("origin not in (\"IR\", \"KP\")", true)]
    [InlineData("origin in (\"CN\",)", true)]
    [InlineData("origin in [\"CN\"]", true)]
    [InlineData("total_cif > 10000 and total_cif <= 18000", true)]
    [InlineData("total_cif / item_count == 18000", true)]
    [InlineData("(total_cif - 8000) * 2 % 7 == 1", true)]
    [InlineData("-total_cif < 0", true)]
    [InlineData("not (transport_mode == \"air\") or false", true)]
    [InlineData("true and not false", true)]
    [InlineData("importer.country == \"NL\" and declarant.aeo and not importer.aeo", true)]
    [InlineData("starts_with(importer.name, \"autohandel\")", true)]
    [InlineData("contains(exporter.name, \"MOTOR\")", true)]
    [InlineData("ends_with(importer.name, \" bv\")", true)]
    [InlineData("starts_with(port_of_loading, (\"HK\", \"CN\"))", true)]
    [InlineData("lower(importer.name) == \"autohandel rotterdam bv\"", true)]
    [InlineData("upper(trim(\"  cn \")) == origin", true)]
    [InlineData("length(number) == 11", true)]
    [InlineData("lodgement_date >= date(\"2026-03-01\") and lodgement_date < date(\"2026-04-01\")", true)]
    [InlineData("weekday(lodgement_date) == 6 and month(lodgement_date) == 3 and year(lodgement_date) == 2026 and day(lodgement_date) == 14", true)]
    [InlineData("days_between(date(\"2026-03-01\"), lodgement_date) == 13", true)]
    [InlineData("lodgement_date - 13 == date(\"2026-03-01\")", true)]
    [InlineData("lodgement_date - date(\"2026-01-01\") > 60", true)]
    [InlineData("features.trader_hit_rate > 0.2 and features.new_trader", true)]
    [InlineData("features.new_declarant", false)]
    [InlineData("screening.block_hits > 0", false)]
    [InlineData("present(features.trader_hit_rate) and missing(features.route_risk)", true)]
    [InlineData("missing(item_count)", false)]
    [InlineData("abs(-3) == 3 and round(2.5) == 3 and floor(2.7) == 2 and ceil(2.1) == 3 and min(1, 2) == 1 and max(1, 2) == 2", true)]
    [InlineData("ratio(total_cif, 0) > 0 or ratio(total_cif, 0) <= 0", false)]
    [InlineData("total_cif / 0 > 0 or total_cif / 0 <= 0", false)]
    [InlineData("1_000 == 1000 and 1e3 == 1000 and .5 == 0.5", true)]
    [InlineData("'single' == \"single\" and \"say \\\"hi\\\"\" == 'say \"hi\"'", true)]
    [InlineData("origin == \"CN\" # a comment\n and flow == \"import\"", true)]
    public void Header_fields_operators_and_functions_evaluate_as_documented(string expression, bool expected)
    {
        var check = RiskExpression.Check(expression);
        Assert.True(check.Ok, check.Describe());
        Assert.Equal(expected, Fires(expression));
    }

    [Fact]
    public void Quantifiers_range_over_items_and_parties()
    {
        var declaration = Declarations.CarImport(Declarations.Car(1), Declarations.Shoes(2), Declarations.Car(3, unitValue: 4_000));
        Assert.True(Fires("any(items, item.hs2 == \"64\")", declaration));
        Assert.False(Fires("all(items, item.hs2 == \"87\")", declaration));
        Assert.True(Fires("count(items) == 3 and count(items, item.hs4 == \"8703\") == 2", declaration));
        Assert.True(Fires("sum(items, item.cif) == 18000 + 6000 + 8000", declaration));
        Assert.True(Fires("avg(items, item.quantity) == 168", declaration));
        Assert.True(Fires("min(items, item.unit_value) == 12 and max(items, item.unit_value) == 9000", declaration));
        Assert.True(Fires("any(parties, party.role == \"exporter\" and party.country == \"CN\")", declaration));
        Assert.True(Fires("count(parties, party.aeo) == 1", declaration));
        // A quantifier nested in one over the same items sees the inner item.
        Assert.True(Fires("any(items, item.hs2 == \"87\" and count(items, item.hs2 == \"64\") == 1)", declaration));
        // Item-level criterion with a quantifier inside: the free "item" is each item in turn.
        var matched = new List<int>();
        Assert.True(Fires("item.hs2 == \"87\" and any(parties, party.country == item.origin)", declaration, items: matched));
        Assert.Equal([1, 3], matched);
        // Unknown values are skipped by aggregates; none known gives unknown.
        Assert.False(Fires("avg(items, item.features.unit_value_ratio) > 0 or avg(items, item.features.unit_value_ratio) <= 0", declaration));
        Assert.True(Fires("sum(items, item.features.unit_value_ratio) == 0", declaration));
    }

    [Fact]
    public void A_declaration_without_items_never_fires_an_item_level_criterion()
    {
        var empty = new DeclarationFacts { Origin = "CN" };
        Assert.False(Fires("item.cif > 0 or origin == \"CN\"", empty));
        Assert.True(Fires("all(items, item.cif > 0) and count(items) == 0", empty));
        Assert.True(Fires("missing(importer) and present(importer) == false and importer.name == \"\"", empty));
    }

    [Theory]
    [InlineData("item.hs7 == \"870323\"", 1, 6, "item has no field 'hs7' (did you mean 'hs6'?)")]
    [InlineData("orign == \"CN\"", 1, 1, "unknown name 'orign' (did you mean 'origin'?)")]
    [InlineData("origin == \"CN\" and total_cif > \"1000\"", 1, 30, "cannot compare a number with a text using '>'")]
    [InlineData("item.hs6 == 870323", 1, 10, "cannot compare a text with a number using '==' (write codes as text, in quotes)")]
    [InlineData("item.hs6 in (870323, 870324)", 1, 10, "cannot look for a text in a list of number (write codes as text: \"870323\")")]
    [InlineData("origin", 1, 1, "a criterion must be a yes/no condition, but this is a text")]
    [InlineData("total_cif + 1", 1, 1, "a criterion must be a yes/no condition, but this is a number")]
    [InlineData("features.trader_hitrate > 0.5", 1, 10, "features has no 'trader_hitrate' (did you mean 'trader_hit_rate'?)")]
    [InlineData("screening.block > 0", 1, 11, "screening has no 'block'")]
    [InlineData("stats.p11(item.hs6) > 0", 1, 7, "'stats' has no function 'p11'")]
    [InlineData("stats.p10 > 0", 1, 1, "'stats.p10' is a function: call it as stats.p10(…)")]
    [InlineData("stats.p10(item.hs6, 3) > 0", 1, 1, "stats.p10 cannot take (text, number)")]
    [InlineData("party.country == \"IR\"", 1, 1, "'party' is only known inside a quantifier over parties")]
    [InlineData("any(items, item.cif)", 1, 12, "the second argument of any must be a condition on each item, but it is a number")]
    [InlineData("any(origin, true)", 1, 1, "any(…) takes a collection first")]
    [InlineData("importer == \"X\"", 1, 10, "cannot compare a party with a text using '=='")]
    [InlineData("lodgement_date > \"2026-01-01\"", 1, 16, "(write a date as date(\"YYYY-MM-DD\"))")]
    [InlineData("lodgement_date > date(\"2026-02-30\")", 1, 23, "'2026-02-30' is not a date in the form YYYY-MM-DD")]
    [InlineData("origin in (\"CN\", 1)", 1, 18, "every element of a list must have the same type")]
    [InlineData("item.hs6 + \"x\" == \"y\"", 1, 10, "texts cannot be combined with arithmetic")]
    [InlineData("not total_cif", 1, 1, "'not' needs a condition")]
    [InlineData("origin == \"CN\" and\n  item.unit_valu < 3", 2, 8, "item has no field 'unit_valu' (did you mean 'unit_value'?)")]
    public void Type_errors_name_the_position_and_the_reason(string expression, int line, int column, string message)
    {
        var error = SingleError(expression);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
        // The excerpt shows the line and a caret under the column.
        var lines = error.Excerpt.Split('\n');
        Assert.Equal(column - 1 + 2, lines[1].IndexOf('^', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("origin = \"CN\"", 1, 8, "write '==' to compare")]
    [InlineData("origin == \"CN\" && flow == \"import\"", 1, 16, "write 'and' instead of '&&'")]
    [InlineData("origin == \"CN", 1, 11, "text literal is not closed")]
    [InlineData("(origin == \"CN\"", 1, 1, "'(' is never closed")]
    [InlineData("origin == \"CN\")", 1, 15, "unmatched ')'")]
    [InlineData("origin == ", 1, 11, "the expression ends too early")]
    [InlineData("origin == \"CN\" flow == \"import\"", 1, 16, "unexpected name 'flow' after a complete expression")]
    [InlineData("1 < total_cif < 3", 1, 15, "comparisons cannot be chained")]
    [InlineData("origin == \"CN\" $", 1, 16, "unexpected character '$'")]
    [InlineData("", 1, 1, "the expression is empty")]
    [InlineData("12abc > 1", 1, 1, "a number cannot run into a name")]
    [InlineData("\"a\\q\" == origin", 1, 3, "unknown escape")]
    public void Syntax_errors_name_the_position_and_the_reason(string expression, int line, int column, string message)
    {
        var error = SingleError(expression);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Every_type_error_is_reported_not_only_the_first()
    {
        var check = RiskExpression.Check("item.hs7 == \"1\" and orign == \"CN\" and features.nope");
        Assert.Equal(3, check.Errors.Count);
        Assert.Equal([6, 21, 48], check.Errors.Select(e => e.Column).ToArray());
        Assert.Contains("1:6: item has no field 'hs7'", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_caret_excerpt_points_under_the_offending_text()
    {
        var error = SingleError("origin == \"CN\" and item.hs7 == \"870323\"");
        Assert.Equal("""
              origin == "CN" and item.hs7 == "870323"
                                      ^^^
            """.Replace("\r", "", StringComparison.Ordinal), error.Excerpt);
    }
}
