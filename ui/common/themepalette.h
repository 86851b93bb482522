#pragma once

class QApplication;

// The window's two looks: the style's own light palette, or a dark palette on the Fusion style
// (Fusion draws every widget from the palette, so a dark palette looks right with it everywhere).
enum class Theme { Light, Dark };

void applyTheme(QApplication &app, Theme theme);
