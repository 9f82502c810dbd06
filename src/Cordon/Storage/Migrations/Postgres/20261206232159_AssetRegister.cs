using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AssetRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CallSign",
                table: "assets",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "assets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "HomeBase",
                table: "assets",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "HomeLatitude",
                table: "assets",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "HomeLongitude",
                table: "assets",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "InServiceSince",
                table: "assets",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastServicedOn",
                table: "assets",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaintenanceEveryDays",
                table: "assets",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Registration",
                table: "assets",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SensorId",
                table: "assets",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SerialNumber",
                table: "assets",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            // Assets registered before the register had a status are available.
            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "assets",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Available");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "assets",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.CreateTable(
                name: "asset_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssetId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Field = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    From = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    To = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_asset_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AssetId = table.Column<Guid>(type: "uuid", nullable: true),
                    PolicyId = table.Column<Guid>(type: "uuid", nullable: true),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Cause = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    EstimatedLoss = table.Column<decimal>(type: "numeric", nullable: false),
                    AmountPaid = table.Column<decimal>(type: "numeric", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "insurance_policies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Insurer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PolicyNumber = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    AssetIds = table.Column<string>(type: "text", nullable: false),
                    Risks = table.Column<string>(type: "text", nullable: false),
                    SumInsured = table.Column<decimal>(type: "numeric", nullable: false),
                    Deductible = table.Column<decimal>(type: "numeric", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_insurance_policies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "work_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssetId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Work = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PerformedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    StartedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    OutOfService = table.Column<bool>(type: "boolean", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_work_orders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assets_OwningAgencyId_SerialNumber",
                table: "assets",
                columns: new[] { "OwningAgencyId", "SerialNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_asset_changes_AssetId_At",
                table: "asset_changes",
                columns: new[] { "AssetId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_claims_AssetId",
                table: "claims",
                column: "AssetId");

            migrationBuilder.CreateIndex(
                name: "IX_claims_IncidentId_AssetId",
                table: "claims",
                columns: new[] { "IncidentId", "AssetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_claims_Reference",
                table: "claims",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_insurance_policies_OwningAgencyId_PolicyNumber",
                table: "insurance_policies",
                columns: new[] { "OwningAgencyId", "PolicyNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_work_orders_AssetId",
                table: "work_orders",
                column: "AssetId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "asset_changes");

            migrationBuilder.DropTable(
                name: "claims");

            migrationBuilder.DropTable(
                name: "insurance_policies");

            migrationBuilder.DropTable(
                name: "work_orders");

            migrationBuilder.DropIndex(
                name: "IX_assets_OwningAgencyId_SerialNumber",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "CallSign",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "Caveats",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "HomeBase",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "HomeLatitude",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "HomeLongitude",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "InServiceSince",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "LastServicedOn",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "MaintenanceEveryDays",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "Registration",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "SensorId",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "SerialNumber",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "assets");
        }
    }
}
