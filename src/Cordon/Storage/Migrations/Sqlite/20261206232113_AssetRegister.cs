using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Caveats",
                table: "assets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "HomeBase",
                table: "assets",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "HomeLatitude",
                table: "assets",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "HomeLongitude",
                table: "assets",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "InServiceSince",
                table: "assets",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastServicedOn",
                table: "assets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaintenanceEveryDays",
                table: "assets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Registration",
                table: "assets",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SensorId",
                table: "assets",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SerialNumber",
                table: "assets",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            // Assets registered before the register had a status are available.
            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "assets",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Available");

            migrationBuilder.AddColumn<long>(
                name: "UpdatedAt",
                table: "assets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "asset_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_asset_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AssetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PolicyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    EstimatedLoss = table.Column<double>(type: "REAL", nullable: false),
                    AmountPaid = table.Column<double>(type: "REAL", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "insurance_policies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Insurer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PolicyNumber = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    AssetIds = table.Column<string>(type: "TEXT", nullable: false),
                    Risks = table.Column<string>(type: "TEXT", nullable: false),
                    SumInsured = table.Column<double>(type: "REAL", nullable: false),
                    Deductible = table.Column<double>(type: "REAL", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_insurance_policies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "work_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Work = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    PerformedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StartedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CompletedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OutOfService = table.Column<bool>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
