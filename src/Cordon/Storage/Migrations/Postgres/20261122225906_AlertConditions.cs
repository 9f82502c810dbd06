using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AlertConditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AudienceAgencyId",
                table: "alerts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Key",
                table: "alerts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "alert_conditions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Office = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    CommodityPrefix = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MinQuantity = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: true),
                    Unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    MaxMarking = table.Column<int>(type: "integer", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_conditions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_Key",
                table: "alerts",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alert_conditions_OwningAgencyId_Active",
                table: "alert_conditions",
                columns: new[] { "OwningAgencyId", "Active" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_conditions");

            migrationBuilder.DropIndex(
                name: "IX_alerts_Key",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "AudienceAgencyId",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "Key",
                table: "alerts");
        }
    }
}
