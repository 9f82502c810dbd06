using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RiskSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "risk_models",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Promotion",
                table: "risk_models",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "risk_model_weeks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ModelVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Week = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Irregular = table.Column<int>(type: "INTEGER", nullable: false),
                    PrecisionAt5 = table.Column<double>(type: "REAL", nullable: false),
                    RevenueAt5 = table.Column<double>(type: "REAL", nullable: false),
                    Auc = table.Column<double>(type: "REAL", nullable: false),
                    MeasuredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_model_weeks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_risk_model_weeks_OwningAgencyId_ModelVersion_Week",
                table: "risk_model_weeks",
                columns: new[] { "OwningAgencyId", "ModelVersion", "Week" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_model_weeks");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "risk_models");

            migrationBuilder.DropColumn(
                name: "Promotion",
                table: "risk_models");
        }
    }
}
