using System.CommandLine;
using Cordon.Identity;
using Cordon.Reference;
using Spectre.Console;

namespace Cordon.Cli;

internal static class IdentityCommands
{
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Print JSON instead of a table." };

    public static Command Agencies(TimeProvider clock)
    {
        var code = new Option<string>("--code") { Description = "Short unique code, e.g. NCA.", Required = true };
        var name = new Option<string>("--name") { Description = "Full name.", Required = true };
        var kind = new Option<string>("--kind") { Description = $"One of: {string.Join(", ", AgencyAdministration.KindNames)}.", Required = true };
        var country = new Option<string>("--country") { Description = "ISO 3166-1 alpha-2 country code.", Required = true };
        var add = new Command("add", "Add an agency.") { code, name, kind, country, JsonOutput };
        add.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agency = await AgencyAdministration.CreateAsync(db, Actor.LocalOperator,
                new NewAgency(parse.GetValue(code), parse.GetValue(name), parse.GetValue(kind), parse.GetValue(country)), ReferenceData.Instance, ct, clock);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, agency);
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine($"Agency {agency.Code} ({agency.Name}) added.");
            }
            return 0;
        });

        var list = new Command("list", "List agencies.") { JsonOutput };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agencies = await AgencyAdministration.ListAsync(db, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, agencies);
                return 0;
            }
            var table = new Table().AddColumns("Code", "Name", "Kind", "Country");
            foreach (var a in agencies)
            {
                table.AddRow(Markup.Escape(a.Code), Markup.Escape(a.Name), a.Kind.KindName(), a.Country);
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });

        var which = new Argument<string>("code") { Description = "The agency's code." };
        var newName = new Option<string?>("--name") { Description = "New full name." };
        var newKind = new Option<string?>("--kind") { Description = $"New kind, one of: {string.Join(", ", AgencyAdministration.KindNames)}." };
        var newCountry = new Option<string?>("--country") { Description = "New ISO 3166-1 alpha-2 country code." };
        var update = new Command("update", "Rename an agency or change its kind or country.") { which, newName, newKind, newCountry, JsonOutput };
        update.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var agency = await AgencyAdministration.UpdateAsync(db, Actor.LocalOperator, parse.GetValue(which)!,
                new AgencyChange(parse.GetValue(newName), parse.GetValue(newKind), parse.GetValue(newCountry)), ReferenceData.Instance, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, agency);
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine($"Agency {agency.Code}: {agency.Name}, {agency.Kind.KindName()}, {agency.Country}.");
            }
            return 0;
        });

        var agenciesCommand = new Command("agencies", "Agencies that own records and employ users.");
        agenciesCommand.Subcommands.Add(add);
        agenciesCommand.Subcommands.Add(update);
        agenciesCommand.Subcommands.Add(list);
        return agenciesCommand;
    }

    public static Command Users(TimeProvider clock)
    {
        var user = new Option<string>("--user") { Description = "Sign-in name.", Required = true };
        var displayName = new Option<string?>("--name") { Description = "Display name." };
        var agency = new Option<string>("--agency") { Description = "Agency code.", Required = true };
        var roles = new Option<string[]>("--roles") { Description = "Roles, comma-separated: officer, analyst, supervisor, agency-admin, auditor, operator.", Required = true, AllowMultipleArgumentsPerToken = true };
        var password = new Option<string?>("--password") { Description = "Initial password; generated (and printed once) when omitted." };
        var unit = new Option<string?>("--unit") { Description = "The unit of the agency the person works in, e.g. \"Maas river unit\" (at most 80 characters)." };
        var add = new Command("add", "Add a user.") { user, displayName, agency, roles, password, unit, JsonOutput };
        add.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var given = parse.GetValue(password);
            var initial = given ?? PasswordPolicy.Generate();
            var created = await UserAdministration.CreateAsync(db, Actor.LocalOperator,
                new NewUser(parse.GetValue(user), parse.GetValue(displayName), parse.GetValue(agency), parse.GetValue(roles), initial, parse.GetValue(unit)), ct, clock);
            if (given is null)
            {
                await UserAdministration.ResetPasswordAsync(db, Actor.LocalOperator, created.UserName, initial, ct);
            }
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, new { user = created, generatedPassword = given is null ? initial : null });
            }
            else
            {
                var output = parse.InvocationConfiguration.Output;
                output.WriteLine($"User {created.UserName} added to {created.AgencyCode}{(created.Unit is null ? "" : $" ({created.Unit})")} with roles {string.Join(", ", created.Roles)}.");
                if (given is null)
                {
                    output.WriteLine($"One-time password (shown once): {initial}");
                }
            }
            return 0;
        });

        var agencyFilter = new Option<string?>("--agency") { Description = "Only this agency's users." };
        var list = new Command("list", "List users.") { agencyFilter, JsonOutput };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var users = await UserAdministration.ListAsync(db, Actor.LocalOperator, parse.GetValue(agencyFilter), ct, clock);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, users);
                return 0;
            }
            var table = new Table().AddColumns("User", "Name", "Agency", "Unit", "Roles", "Status");
            foreach (var u in users)
            {
                table.AddRow(Markup.Escape(u.UserName), Markup.Escape(u.DisplayName), u.AgencyCode, Markup.Escape(u.Unit ?? ""), string.Join(", ", u.Roles),
                    u.Disabled ? "disabled" : u.Locked ? "locked" : "active");
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });

        var target = new Argument<string>("user") { Description = "Sign-in name." };
        var newPassword = new Option<string?>("--password") { Description = "New password; generated when omitted." };
        var reset = new Command("reset-password", "Set a new password (the user must change it at next sign-in) and clear any lockout.") { target, newPassword };
        reset.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var set = await UserAdministration.ResetPasswordAsync(db, Actor.LocalOperator, parse.GetValue(target)!, parse.GetValue(newPassword), ct);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(newPassword) is null
                ? $"New one-time password for {parse.GetValue(target)} (shown once): {set}"
                : $"Password of {parse.GetValue(target)} set; they must change it at next sign-in.");
            return 0;
        });

        var users = new Command("users", "People who sign in.");
        users.Subcommands.Add(add);
        users.Subcommands.Add(list);
        users.Subcommands.Add(reset);
        return users;
    }

    public static Command ApiKeys(TimeProvider clock)
    {
        var name = new Option<string>("--name") { Description = "Which system uses the key.", Required = true };
        var agency = new Option<string>("--agency") { Description = "Agency code the key acts for.", Required = true };
        var roles = new Option<string[]>("--roles") { Description = "Roles, comma-separated.", Required = true, AllowMultipleArgumentsPerToken = true };
        var create = new Command("create", "Create an API key; the key is printed once.") { name, agency, roles, JsonOutput };
        create.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var created = await Identity.ApiKeys.CreateAsync(db, Actor.LocalOperator,
                new NewApiKey(parse.GetValue(name), parse.GetValue(agency), parse.GetValue(roles)), ct, clock);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, created);
            }
            else
            {
                parse.InvocationConfiguration.Output.WriteLine($"API key {created.Key.Prefix} for {created.Key.AgencyCode} created. Copy it now, it is not shown again:");
                parse.InvocationConfiguration.Output.WriteLine(created.Secret);
            }
            return 0;
        });

        var key = new Argument<string>("key") { Description = "Key id, prefix, or the full key." };
        var revoke = new Command("revoke", "Revoke an API key; takes effect on the next request.") { key };
        revoke.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var revoked = await Identity.ApiKeys.RevokeAsync(db, Actor.LocalOperator, parse.GetValue(key)!, ct, clock);
            parse.InvocationConfiguration.Output.WriteLine($"API key {revoked.Prefix} ({revoked.Name}) revoked.");
            return 0;
        });

        var list = new Command("list", "List API keys.") { JsonOutput };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CordonCli.OpenAsync(parse, ct);
            var keys = await Identity.ApiKeys.ListAsync(db, Actor.LocalOperator, ct);
            if (parse.GetValue(JsonOutput))
            {
                CordonCli.WriteJson(parse, keys);
                return 0;
            }
            var table = new Table().AddColumns("Prefix", "Name", "Agency", "Roles", "Status");
            foreach (var k in keys)
            {
                table.AddRow(k.Prefix, Markup.Escape(k.Name), k.AgencyCode, string.Join(", ", k.Roles), k.RevokedAt is null ? "active" : "revoked");
            }
            CordonCli.Console(parse).Write(table);
            return 0;
        });

        var apikeys = new Command("apikeys", "API keys for machine clients.");
        apikeys.Subcommands.Add(create);
        apikeys.Subcommands.Add(revoke);
        apikeys.Subcommands.Add(list);
        return apikeys;
    }
}
