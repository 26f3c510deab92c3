/**
 * Text and sequence signals end to end: {@link dev.scoring.examples.triage.TicketTriage} routes raw IT ticket
 * text to a queue per category with a trained neural model, names the words that drove it and sends what it is
 * unsure about to a person; {@link dev.scoring.examples.triage.Journeys} scores buyer journeys with a GRU.
 */
@NullMarked
package dev.scoring.examples.triage;

import org.jspecify.annotations.NullMarked;
