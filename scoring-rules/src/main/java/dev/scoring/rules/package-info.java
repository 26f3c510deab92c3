/** Rules: a rule language for routing, point scorecards and governance, compiled for the hot path (provider type rules). */
@NullMarked
package dev.scoring.rules;

import org.jspecify.annotations.NullMarked;
