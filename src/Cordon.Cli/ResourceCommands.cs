using System.CommandLine;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Cordon.Cli;

/// <summary>cordon assets list|add|status|import and cordon claims list|report: the asset register, as the local operator acting for an agency.</summary>
internal static class ResourceCommands
{
    private static readonly Option<bool> JsonOut = new("--json") { Description = "Print JSON instead of a table." };

    public static void Register(RootCommand root, TimeProvider clock)
    {
        root.Subcommands.Add(Assets(clock));
        root.Subcommands.Add(ClaimsCommand(clock));
    }

    private static Option<string> Agency(string what) => new("--agency") { Description = $"Code of the agency {what}.", Required = true };

    private static async Task<Actor> ForAgencyAsync(CordonDb db, string code, CancellationToken ct)
    {
        code = code.Trim().ToUpperInvariant();
        var owner = await db.Agencies.FirstOrDefaultAsync(a => a.Code == code, ct) ?? throw ValidationFailed.Field("--agency", $"'{code}' is not a known agency code.");
        return new Actor(null, owner.Id, Roles.Officer, $"local operator (CLI) for {code}", ActorKind.LocalOperator);
    }

    private static Command Assets(TimeProvider clock)
    {
        var kind = new Option<string?>("--kind") { Description = $"Only this kind: {Common.EnumText.Choices<AssetKind>()}." };
        var status = new Option<string?>("--status") { Description = $"Only this status: {Common.EnumText.Choices<AssetStatus>()}." };
        var due = new Option<bool>("--due") { Description = $"Only assets whose maintenance falls due within {AssetRegister.DueSoonDays} days." };
        var list = new Command("list", "List the register (every agency's assets: the local operator reads the store directly).") { kind, status, due, JsonOut };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var policy = await AccessPolicy.ForAsync(db, Actor.LocalOperator, Purpose.Investigation, ct: ct);
            var rows = await AssetRegister.ListAsync(db, policy, new AssetFilter(parse.GetValue(kind), parse.GetValue(status), null, parse.GetValue(due)), clock.GetUtcNow(), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Code", "Name", "Kind", "Status", "Serial", "Home base", "Maintenance due", "Owner", "Marking");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.Code), Markup.Escape(r.Name), r.Kind, r.Status, Markup.Escape(r.SerialNumber ?? ""), Markup.Escape(r.HomeBase ?? ""),
                    r.MaintenanceDueOn is { } d ? $"{d:yyyy-MM-dd}" : "", r.Owner, Markup.Escape(r.Marking));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });

        var agency = Agency("that owns the asset");
        var code = new Option<string>("--code") { Description = "The asset's code (NBP-BOAT-2).", Required = true };
        var name = new Option<string>("--name") { Description = "What it is called.", Required = true };
        var addKind = new Option<string>("--kind") { Description = $"One of {Common.EnumText.Choices<AssetKind>()}.", Required = true };
        var serial = new Option<string?>("--serial") { Description = "Serial number." };
        var registration = new Option<string?>("--registration") { Description = "Registration (plate, hull or tail number)." };
        var callSign = new Option<string?>("--call-sign") { Description = "Radio call sign." };
        var sensorId = new Option<string?>("--sensor-id") { Description = "The id its detections carry." };
        var homeBase = new Option<string?>("--home-base") { Description = "Home base name." };
        var latitude = new Option<double?>("--latitude") { Description = "Home base latitude." };
        var longitude = new Option<double?>("--longitude") { Description = "Home base longitude." };
        var every = new Option<int?>("--maintenance-days") { Description = "Maintenance every so many days." };
        var add = new Command("add", "Register an asset.") { agency, code, name, addKind, serial, registration, callSign, sensorId, homeBase, latitude, longitude, every, JsonOut };
        add.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = await ForAgencyAsync(db, parse.GetValue(agency)!, ct);
            var view = await AssetRegister.RegisterAsync(db, actor, new AssetInput(parse.GetValue(code), parse.GetValue(name), parse.GetValue(addKind), parse.GetValue(serial),
                parse.GetValue(registration), parse.GetValue(callSign), parse.GetValue(sensorId), parse.GetValue(homeBase), parse.GetValue(latitude), parse.GetValue(longitude),
                parse.GetValue(every)), clock.GetUtcNow(), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, view);
                return 0;
            }
            parse.InvocationConfiguration.Output.WriteLine($"Registered {view.Code} ({view.Kind}, {view.Status}) for {view.Owner}: {view.Id}");
            return 0;
        });

        var statusAgency = Agency("that owns the asset");
        var which = new Argument<string>("asset") { Description = "The asset's code or id." };
        var newStatus = new Argument<string>("status") { Description = $"One of {Common.EnumText.Choices<AssetStatus>()}." };
        var setStatus = new Command("status", "Change an asset's status (recorded in its history).") { statusAgency, which, newStatus, JsonOut };
        setStatus.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = await ForAgencyAsync(db, parse.GetValue(statusAgency)!, ct);
            var asset = await AssetRegister.FindOwnAsync(db, actor, parse.GetValue(which)!, ct);
            var view = await AssetRegister.SetStatusAsync(db, actor, asset.Id, parse.GetValue(newStatus), clock.GetUtcNow(), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, view);
                return 0;
            }
            parse.InvocationConfiguration.Output.WriteLine($"{view.Code} is now {view.Status}.");
            return 0;
        });

        var importAgency = Agency("whose inventory it is");
        var file = new Argument<FileInfo>("file") { Description = $"CSV with a header row: {string.Join(", ", AssetImport.Columns)} (code, name and kind required)." };
        var import = new Command("import", "Import an asset inventory (CSV): good rows land, each bad row is reported with its line and field; re-importing changes nothing.")
            { importAgency, file, JsonOut };
        import.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = await ForAgencyAsync(db, parse.GetValue(importAgency)!, ct);
            await using var stream = parse.GetValue(file)!.OpenRead();
            var result = await AssetImport.ImportAsync(db, actor, stream, clock.GetUtcNow(), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, result);
                return result.Errors.Count == 0 ? 0 : 1;
            }
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{result.Rows} row(s): {result.Added} added, {result.Changed} changed, {result.Unchanged} unchanged, {result.Errors.Count} error(s).");
            foreach (var e in result.Errors)
            {
                o.WriteLine($"  line {e.Row}, {e.Field}: {e.Message}");
            }
            return result.Errors.Count == 0 ? 0 : 1;
        });

        var assets = new Command("assets", "The equipment and infrastructure register.");
        assets.Subcommands.Add(list);
        assets.Subcommands.Add(add);
        assets.Subcommands.Add(setStatus);
        assets.Subcommands.Add(import);
        return assets;
    }

    private static Command Report(TimeProvider clock)
    {
        var agency = Agency("whose losses and claims to report");
        var from = new Option<DateOnly?>("--from") { Description = "First day of the period (yyyy-mm-dd); by default the start of the month eleven months back." };
        var to = new Option<DateOnly?>("--to") { Description = "Last day of the period (yyyy-mm-dd); by default today." };
        var report = new Command("report", "Losses and claims by month, asset kind and cause (counts, estimated loss, amount paid, open claims), and the assets without cover.")
            { agency, from, to, JsonOut };
        report.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = await ForAgencyAsync(db, parse.GetValue(agency)!, ct);
            var r = await Claims.ReportAsync(db, actor, parse.GetValue(from), parse.GetValue(to), clock.GetUtcNow(), ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, r);
                return 0;
            }
            var console = CordonCli.Console(parse);
            console.WriteLine($"Losses and claims that occurred from {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}");
            foreach (var (title, rows) in new[] { ("Total", r.Totals), ("Month", r.ByMonth), ("Asset kind", r.ByKind), ("Cause", r.ByCause) })
            {
                var table = new Table().AddColumns(title, "Claims", "Open", "Without cover", "Estimated loss", "Paid");
                foreach (var f in rows)
                {
                    table.AddRow(Markup.Escape(f.Group), $"{f.Claims}", $"{f.Open}", $"{f.WithoutCover}", $"{f.EstimatedLoss:N2} {f.Currency}", $"{f.Paid:N2} {f.Currency}");
                }
                console.Write(table);
            }
            console.WriteLine($"Assets without cover on {r.CoverOn:yyyy-MM-dd}: {(r.CoverGaps.Count == 0 ? "none" : string.Join(", ", r.CoverGaps.Select(g => g.Code)))}");
            return 0;
        });
        return report;
    }

    private static Command ClaimsCommand(TimeProvider clock)
    {
        var agency = Agency("whose claims to list");
        var list = new Command("list", "List an agency's insurance and liability claims, newest first.") { agency, JsonOut };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var actor = await ForAgencyAsync(db, parse.GetValue(agency)!, ct);
            var rows = await Claims.ListAsync(db, actor, null, ct);
            if (parse.GetValue(JsonOut))
            {
                CordonCli.WriteJson(parse, rows);
                return 0;
            }
            var table = new Table().AddColumns("Reference", "Asset", "Cause", "Status", "Occurred", "Estimated loss", "Paid", "Policy");
            foreach (var c in rows)
            {
                table.AddRow(Markup.Escape(c.Reference), Markup.Escape(c.Asset ?? ""), c.Cause, c.Status, $"{c.OccurredOn:yyyy-MM-dd}",
                    $"{c.EstimatedLoss:N2} {c.Currency}", c.AmountPaid is { } paid ? $"{paid:N2} {c.Currency}" : "", Markup.Escape(c.Policy ?? "(no cover)"));
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });
        var claims = new Command("claims", "Insurance and liability claims.");
        claims.Subcommands.Add(list);
        claims.Subcommands.Add(Report(clock));
        return claims;
    }
}
