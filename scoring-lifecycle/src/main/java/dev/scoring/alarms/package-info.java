/**
 * Anomaly alarms on the monitoring path: {@link dev.scoring.alarms.AnomalyAlarm} receives the
 * episodes of the anomaly detectors ({@code dev.scoring.ml.anomaly}) and raises them as a monitor
 * {@link dev.scoring.monitoring.Alarm} with {@link dev.scoring.monitoring.MonitorEvent}s to the
 * {@link dev.scoring.monitoring.MonitorListener}s: one alarm per episode, one recovery event when it
 * ends, and a state file so a restarted host neither raises an open episode again nor forgets it.
 */
@NullMarked
package dev.scoring.alarms;

import org.jspecify.annotations.NullMarked;
