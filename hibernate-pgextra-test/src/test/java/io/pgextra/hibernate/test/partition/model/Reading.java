package io.pgextra.hibernate.test.partition.model;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A row of {@code readings}, RANGE-partitioned by {@code day} (see {@code PartitionedTables}), with the composite
 * key {@code (sensor, day)}.
 */
@Entity
@Table(name = "readings")
@IdClass(Reading.Key.class)
public class Reading {
	@Id
	public String sensor;

	@Id
	public LocalDate day;

	public int value;

	public Reading() {
	}

	public Reading(String sensor, LocalDate day, int value) {
		this.sensor = sensor;
		this.day = day;
		this.value = value;
	}

	public static class Key implements Serializable {
		public String sensor;
		public LocalDate day;

		public Key() {
		}

		public Key(String sensor, LocalDate day) {
			this.sensor = sensor;
			this.day = day;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Key k && Objects.equals( sensor, k.sensor ) && Objects.equals( day, k.day );
		}

		@Override
		public int hashCode() {
			return Objects.hash( sensor, day );
		}
	}
}
