#pragma once

#include <QString>

class InstanceColors;
class QPalette;
struct BackendSnapshot;
struct RouteSnapshot;

// The details pane's text for an instance selected in the routes tree: what it is, its admin
// state and weight (and whether the route's strategy uses weights at all), why it is up or down
// (healthExplanation(), and the route's panic), and what it has served. HTML for
// RequestDetailsView.
QString instanceDetailsHtml(const RouteSnapshot &route, const BackendSnapshot &backend,
                            const QPalette &palette, InstanceColors &colors);
