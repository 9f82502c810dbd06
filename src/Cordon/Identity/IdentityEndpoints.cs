using Cordon.Reference;
using Microsoft.AspNetCore.DataProtection;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Identity;

public static class IdentityEndpoints
{
    public sealed record MeView(string Name, Guid? UserId, Guid? AgencyId, string[] Roles, string Kind);
    public sealed record ResetPasswordRequest(string? NewPassword);
    public sealed record ResetPasswordResult(string UserName, string Password, bool MustChangePassword);
    public sealed record RolesRequest(string[]? Roles);
    public sealed record DisabledRequest(bool Disabled);

    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Identity");

        api.MapGet("/me", (HttpContext http) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            return TypedResults.Ok(new MeView(actor.Name, actor.UserId, actor.AgencyId, RoleNames.Names(actor.Roles).ToArray(), actor.Kind.ToString()));
        }).Describe("getMe", "The caller as the server knows them: name, user, agency, roles and kind (user, API key or operator)");

        var agencies = api.MapGroup("/agencies");
        agencies.MapGet("/", async (CordonDb db, CancellationToken ct) => TypedResults.Ok(await AgencyAdministration.ListAsync(db, ct)))
            .Describe("listAgencies", "The agencies of this installation");
        agencies.MapPost("/", async Task<Created<AgencyView>> (NewAgency request, HttpContext http, CordonDb db, ReferenceData reference, TimeProvider time, CancellationToken ct) =>
        {
            var agency = await AgencyAdministration.CreateAsync(db, Actor.FromPrincipal(http.User), request, reference, ct, time);
            return TypedResults.Created($"/api/agencies/{agency.Id}", agency);
        }).Describe("createAgency", "Registers an agency (operators only; audited)");

        agencies.MapPut("/{code}", async (string code, AgencyChange change, HttpContext http, CordonDb db, ReferenceData reference, CancellationToken ct)
            => TypedResults.Ok(await AgencyAdministration.UpdateAsync(db, Actor.FromPrincipal(http.User), code, change, reference, ct)))
            .Describe("updateAgency", "Changes an agency, by its code (operators only; audited)");
        agencies.MapGet("/{code}/identity-provider", async Task<Results<Ok<IdentityProviderView>, NotFound>> (string code, HttpContext http, CordonDb db, CancellationToken ct)
            => await SingleSignOn.GetAsync(db, Actor.FromPrincipal(http.User), code, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .Describe("getIdentityProvider", "The agency's single sign-on identity provider (whether a client secret is set, never the secret); 404 when none is configured");
        agencies.MapPut("/{code}/identity-provider", async (string code, IdentityProviderInput input, HttpContext http, CordonDb db,
            IDataProtectionProvider protection, CancellationToken ct) =>
        {
            var protector = protection.CreateProtector(SingleSignOnSetup.ProtectorPurpose);
            var view = await SingleSignOn.ConfigureAsync(db, Actor.FromPrincipal(http.User), code, input, s => protector.Protect(s), ct);
            SingleSignOnSetup.Forget(http.RequestServices, code);
            return TypedResults.Ok(view);
        }).Describe("configureIdentityProvider", "Configures the agency's single sign-on (OpenID Connect) provider; the client secret is stored encrypted (audited)");

        var users = api.MapGroup("/users");
        users.MapGet("/", async (string? agency, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.ListAsync(db, Actor.FromPrincipal(http.User), agency, ct, time)))
            .Describe("listUsers", "The user accounts an administrator may manage, optionally of one agency", "agency: an agency code; operators see every agency, agency administrators their own.");
        users.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.GetAsync(db, Actor.FromPrincipal(http.User), id, ct, time)))
            .Describe("getUser", "One user account: agency, roles, disabled or locked, last sign-in");
        users.MapPost("/", async Task<Created<UserView>> (NewUser request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var user = await UserAdministration.CreateAsync(db, Actor.FromPrincipal(http.User), request, ct, time);
            return TypedResults.Created($"/api/users/{user.Id}", user);
        }).Describe("createUser", "Creates a user account in an agency (agency administrators and operators; audited)");
        users.MapPost("/{id:guid}/reset-password", async (Guid id, ResetPasswordRequest? request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var user = await UserAdministration.GetAsync(db, actor, id, ct, time);
            var password = await UserAdministration.ResetPasswordAsync(db, actor, user.UserName, request?.NewPassword, ct);
            return TypedResults.Ok(new ResetPasswordResult(user.UserName, password, true));
        }).Describe("resetUserPassword", "Sets a new password (given, or generated and returned once); the user must change it at next sign-in unless they set their own (audited)");
        users.MapPut("/{id:guid}/roles", async (Guid id, RolesRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.SetRolesAsync(db, Actor.FromPrincipal(http.User), id, request.Roles ?? [], ct, time)))
            .Describe("setUserRoles", "Replaces a user's roles (audited)");
        users.MapPost("/{id:guid}/reset-second-factor", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await SecondFactor.ResetAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        }).Describe("resetUserSecondFactor", "Removes a user's second factor so they enrol again at next sign-in (audited)");
        users.MapPut("/{id:guid}/unit", async (Guid id, UnitRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.SetUnitAsync(db, Actor.FromPrincipal(http.User), id, request.Unit, ct, time)))
            .Describe("setUserUnit", "Places a user in a unit of their agency, or in none (audited)");
        users.MapPut("/{id:guid}/disabled", async (Guid id, DisabledRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.SetDisabledAsync(db, Actor.FromPrincipal(http.User), id, request.Disabled, ct, time)))
            .Describe("setUserDisabled", "Disables or re-enables a user account; a disabled user cannot sign in (audited)");

        var keys = api.MapGroup("/apikeys");
        keys.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await ApiKeys.ListAsync(db, Actor.FromPrincipal(http.User), ct)))
            .Describe("listApiKeys", "The API keys an administrator may see (prefix, name, agency, roles, created, revoked, last used), never the secrets");
        keys.MapPost("/", async Task<Created<CreatedApiKey>> (NewApiKey request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var created = await ApiKeys.CreateAsync(db, Actor.FromPrincipal(http.User), request, ct, time);
            return TypedResults.Created($"/api/apikeys/{created.Key.Id}", created);
        }).Describe("createApiKey", "Creates an API key for the agency; the secret (cdn_…) is returned once only (audited)");
        keys.MapDelete("/{idOrPrefix}", async (string idOrPrefix, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await ApiKeys.RevokeAsync(db, Actor.FromPrincipal(http.User), idOrPrefix, ct, time)))
            .Describe("revokeApiKey", "Revokes an API key by id or prefix, from the next request on (audited)");

        return app;
    }
}
