using System.CommandLine;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Language;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary><c>cordon risk criteria list|add|show|check|status</c>.</summary>
internal static class RiskCommands
{
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Print JSON instead of text." };

    public static Command Risk()
    {
        var risk = new Command("risk", "Risk targeting: criteria, model, lanes, worklist.");
        risk.Subcommands.Add(Criteria());
        foreach (var c in RiskTargetingCommands.All()) risk.Subcommands.Add(c);
        return risk;
    }

    private static Command Criteria()
    {
        var criteria = new Command("criteria", "Risk criteria: stored, versioned expressions with actions.");
        criteria.Subcommands.Add(List());
        criteria.Subcommands.Add(Add());
        criteria.Subcommands.Add(Show());
        criteria.Subcommands.Add(Check());
        criteria.Subcommands.Add(Status());
        return criteria;
    }

    private static Command List()
    {
        var agency = new Option<string?>("--agency") { Description = "Only this agency's criteria (code)." };
        var status = new Option<string?>("--status") { Description = "Only criteria in this status: draft, shadow, active, retired." };
        var list = new Command("list", "List criteria.") { agency, status, JsonOutput };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            CriterionStatus? filter = null;
            if (parse.GetValue(status) is { } s)
            {
                filter = CriterionRules.TryParseStatus(s, out var parsed) ? parsed : throw Common.ValidationFailed.Field("status", $"Unknown status '{s}'.");
            }
            var rows = await RiskCriteria.ListAsync(db, Actor.LocalOperator, filter, parse.GetValue(agency), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Name", "Status", "Version", "Actions", "Valid", "Updated by", "Id");
            foreach (var c in rows)
            {
                table.AddRow(Markup.Escape(c.Name), c.Status.ToString().ToLowerInvariant(), c.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(c.ActionsText), Validity(c), Markup.Escape(c.UpdatedBy), c.Id.ToString());
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });
        return list;
    }

    private static Command Add()
    {
        var agency = new Option<string>("--agency") { Description = "Owning agency (code).", Required = true };
        var name = new Option<string>("--name") { Description = "Unique name within the agency.", Required = true };
        var expression = new Option<string?>("--expression", "-e") { Description = "The condition, e.g. 'origin == \"CN\" and item.unit_value < stats.p10(item.hs6, origin)'." };
        var file = new Option<FileInfo?>("--file") { Description = "Read the condition from this file instead." };
        var description = new Option<string?>("--description") { Description = "What the criterion targets and why." };
        var weight = new Option<double?>("--weight") { Description = "Action: add this weight to the risk score." };
        var lane = new Option<string?>("--lane") { Description = "Action: force at least this lane: green, yellow, red, blue." };
        var refer = new Option<string?>("--refer") { Description = "Action: refer to this agency (code)." };
        var from = new Option<DateOnly?>("--valid-from") { Description = "First lodgement date it applies to (YYYY-MM-DD)." };
        var to = new Option<DateOnly?>("--valid-to") { Description = "Last lodgement date it applies to (YYYY-MM-DD)." };
        var status = new Option<string?>("--status") { Description = "draft (default), shadow or active." };
        var marking = new Option<string?>("--marking") { Description = "TLP marking (default TLP:AMBER+STRICT)." };
        var note = new Option<string?>("--note") { Description = "Why (kept with the version)." };
        var subject = new Option<string?>("--subject") { Description = "What it judges: declaration (default) or traveller (then no weight or lane: it sends to secondary inspection, or --refer alerts that agency)." };
        var add = new Command("add", "Add a criterion; refused with the position when the expression does not check.")
        {
            agency, name, expression, file, description, weight, lane, refer, from, to, status, marking, note, subject, JsonOutput,
        };
        add.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(file) is { } f ? await File.ReadAllTextAsync(f.FullName, ct) : parse.GetValue(expression);
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var created = await RiskCriteria.CreateAsync(db, Actor.LocalOperator, new CriterionRequest(
                parse.GetValue(name), source, parse.GetValue(description), parse.GetValue(weight), parse.GetValue(lane), parse.GetValue(refer),
                parse.GetValue(from), parse.GetValue(to), parse.GetValue(status), parse.GetValue(marking), parse.GetValue(agency), Note: parse.GetValue(note), Subject: parse.GetValue(subject)), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, created);
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine($"Criterion '{created.Name}' added as {created.Status.ToString().ToLowerInvariant()} (version {created.Version}, id {created.Id}).");
            }
            return 0;
        });
        return add;
    }

    private static Command Show()
    {
        var target = new Argument<string>("criterion") { Description = "Id or name." };
        var agency = new Option<string?>("--agency") { Description = "Agency (code), when several have a criterion of that name." };
        var show = new Command("show", "Show a criterion and its version history.") { target, agency, JsonOutput };
        show.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var c = await RiskCriteria.GetAsync(db, Actor.LocalOperator, parse.GetValue(target)!, parse.GetValue(agency), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, c);
                return 0;
            }
            var console = CordonCli.Console(parse);
            console.MarkupLine($"[bold]{Markup.Escape(c.Name)}[/]  {c.Status.ToString().ToLowerInvariant()}, version {c.Version}, {c.Marking}");
            if (c.Description.Length > 0)
            {
                console.WriteLine(c.Description);
            }
            console.WriteLine($"Actions: {c.ActionsText}");
            console.WriteLine($"Valid: {Validity(c)}{(c.ItemLevel ? "  (item-level: tried on each item)" : "")}");
            console.WriteLine("Expression:");
            console.WriteLine("  " + c.Expression.Replace("\n", "\n  ", StringComparison.Ordinal));
            var table = new Table().AddColumns("Version", "Status", "When", "Author", "Actions", "Note");
            foreach (var v in c.Versions ?? [])
            {
                table.AddRow(v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Status.ToString().ToLowerInvariant(),
                    v.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(v.AuthorName),
                    Markup.Escape(CriterionRules.Describe(v.Weight, v.Lane, v.ReferTo)), Markup.Escape(v.Note ?? ""));
            }
            console.Write(table);
            return 0;
        });
        return show;
    }

    private static Command Check()
    {
        var expression = new Argument<string?>("expression") { Description = "The condition to check.", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file") { Description = "Read the condition from this file instead." };
        var check = new Command("check", "Parse and type-check an expression; exits 2 with positions when it is refused.") { expression, file, JsonOutput };
        check.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(file) is { } f ? await File.ReadAllTextAsync(f.FullName, ct) : parse.GetValue(expression) ?? "";
            var result = RiskExpression.Check(source);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, result);
            }
            else if (result.Ok)
            {
                parse.InvocationConfiguration.Output.WriteLine($"OK: a {result.Type} condition{(result.ItemLevel ? ", item-level (tried on each item)" : "")}.");
            }
            else
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(result.Describe());
            }
            return result.Ok ? 0 : 2;
        });
        return check;
    }

    private static Command Status()
    {
        var target = new Argument<string>("criterion") { Description = "Id or name." };
        var status = new Argument<string>("status") { Description = "draft, shadow, active or retired." };
        var agency = new Option<string?>("--agency") { Description = "Agency (code), when several have a criterion of that name." };
        var note = new Option<string?>("--note") { Description = "Why (kept with the version)." };
        var command = new Command("status", "Move a criterion to another status (a new version).") { target, status, agency, note, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var id = await RiskCriteria.ResolveAsync(db, Actor.LocalOperator, parse.GetValue(target)!, parse.GetValue(agency), ct);
            var c = await RiskCriteria.SetStatusAsync(db, Actor.LocalOperator, id, new StatusRequest(parse.GetValue(status), null, parse.GetValue(note)), ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, c);
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine($"Criterion '{c.Name}' is {c.Status.ToString().ToLowerInvariant()} (version {c.Version}).");
            }
            return 0;
        });
        return command;
    }

    private static string Validity(CriterionView c) => (c.ValidFrom, c.ValidTo) switch
    {
        (null, null) => "always",
        ({ } f, null) => $"from {f:yyyy-MM-dd}",
        (null, { } t) => $"until {t:yyyy-MM-dd}",
        ({ } f, { } t) => $"{f:yyyy-MM-dd} – {t:yyyy-MM-dd}",
    };
}
