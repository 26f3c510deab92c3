/** Tests of the ticket triage and journey examples against the trainers' recorded outputs. */
@NullMarked
package dev.scoring.examples.triage;

import org.jspecify.annotations.NullMarked;
