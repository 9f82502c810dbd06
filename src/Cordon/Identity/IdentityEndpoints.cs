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
        });

        var agencies = api.MapGroup("/agencies");
        agencies.MapGet("/", async (CordonDb db, CancellationToken ct) => TypedResults.Ok(await AgencyAdministration.ListAsync(db, ct)));
        agencies.MapPost("/", async Task<Created<AgencyView>> (NewAgency request, HttpContext http, CordonDb db, ReferenceData reference, TimeProvider time, CancellationToken ct) =>
        {
            var agency = await AgencyAdministration.CreateAsync(db, Actor.FromPrincipal(http.User), request, reference, ct, time);
            return TypedResults.Created($"/api/agencies/{agency.Id}", agency);
        });

        agencies.MapPut("/{code}", async (string code, AgencyChange change, HttpContext http, CordonDb db, ReferenceData reference, CancellationToken ct)
            => TypedResults.Ok(await AgencyAdministration.UpdateAsync(db, Actor.FromPrincipal(http.User), code, change, reference, ct)));
        agencies.MapGet("/{code}/identity-provider", async Task<Results<Ok<IdentityProviderView>, NotFound>> (string code, HttpContext http, CordonDb db, CancellationToken ct)
            => await SingleSignOn.GetAsync(db, Actor.FromPrincipal(http.User), code, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound());
        agencies.MapPut("/{code}/identity-provider", async (string code, IdentityProviderInput input, HttpContext http, CordonDb db,
            IDataProtectionProvider protection, CancellationToken ct) =>
        {
            var protector = protection.CreateProtector(SingleSignOnSetup.ProtectorPurpose);
            var view = await SingleSignOn.ConfigureAsync(db, Actor.FromPrincipal(http.User), code, input, s => protector.Protect(s), ct);
            SingleSignOnSetup.Forget(http.RequestServices, code);
            return TypedResults.Ok(view);
        });

        var users = api.MapGroup("/users");
        users.MapGet("/", async (string? agency, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.ListAsync(db, Actor.FromPrincipal(http.User), agency, ct, time)));
        users.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.GetAsync(db, Actor.FromPrincipal(http.User), id, ct, time)));
        users.MapPost("/", async Task<Created<UserView>> (NewUser request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var user = await UserAdministration.CreateAsync(db, Actor.FromPrincipal(http.User), request, ct, time);
            return TypedResults.Created($"/api/users/{user.Id}", user);
        });
        users.MapPost("/{id:guid}/reset-password", async (Guid id, ResetPasswordRequest? request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            var user = await UserAdministration.GetAsync(db, actor, id, ct, time);
            var password = await UserAdministration.ResetPasswordAsync(db, actor, user.UserName, request?.NewPassword, ct);
            return TypedResults.Ok(new ResetPasswordResult(user.UserName, password, true));
        });
        users.MapPut("/{id:guid}/roles", async (Guid id, RolesRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.SetRolesAsync(db, Actor.FromPrincipal(http.User), id, request.Roles ?? [], ct, time)));
        users.MapPost("/{id:guid}/reset-second-factor", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            await SecondFactor.ResetAsync(db, Actor.FromPrincipal(http.User), id, ct);
            return TypedResults.NoContent();
        });
        users.MapPut("/{id:guid}/unit", async (Guid id, UnitRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.SetUnitAsync(db, Actor.FromPrincipal(http.User), id, request.Unit, ct, time)));
        users.MapPut("/{id:guid}/disabled", async (Guid id, DisabledRequest request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await UserAdministration.SetDisabledAsync(db, Actor.FromPrincipal(http.User), id, request.Disabled, ct, time)));

        var keys = api.MapGroup("/apikeys");
        keys.MapGet("/", async (HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await ApiKeys.ListAsync(db, Actor.FromPrincipal(http.User), ct)));
        keys.MapPost("/", async Task<Created<CreatedApiKey>> (NewApiKey request, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct) =>
        {
            var created = await ApiKeys.CreateAsync(db, Actor.FromPrincipal(http.User), request, ct, time);
            return TypedResults.Created($"/api/apikeys/{created.Key.Id}", created);
        });
        keys.MapDelete("/{idOrPrefix}", async (string idOrPrefix, HttpContext http, CordonDb db, TimeProvider time, CancellationToken ct)
            => TypedResults.Ok(await ApiKeys.RevokeAsync(db, Actor.FromPrincipal(http.User), idOrPrefix, ct, time)));

        return app;
    }
}
