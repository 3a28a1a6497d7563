package io.pgextra.hibernate;

import java.util.Objects;

/**
 * The result of one proposed row: the primary key of the row that was inserted or that the proposed row
 * conflicted with, and what happened to it.
 *
 * @since 0.1.0
 */
public final class ConflictResult {

	private final Object id;
	private final RowOutcome outcome;

	/**
	 * @param id the primary key; {@code null} for rows of a collection table, which have none
	 * @param outcome what happened to the row
	 */
	public ConflictResult(Object id, RowOutcome outcome) {
		this.id = id;
		this.outcome = Objects.requireNonNull( outcome, "outcome" );
	}

	/** @return the primary key of the affected row, {@code null} for collection-table rows */
	public Object id() {
		return id;
	}

	/**
	 * @param type the identifier type, e.g. {@code Long.class}
	 * @param <I> the identifier type
	 * @return the primary key of the affected row, cast to {@code type}
	 */
	public <I> I id(Class<I> type) {
		return type.cast( id );
	}

	/** @return what happened to the row */
	public RowOutcome outcome() {
		return outcome;
	}

	/** @return whether the row was inserted */
	public boolean inserted() {
		return outcome == RowOutcome.INSERTED;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ConflictResult other && Objects.equals( id, other.id ) && outcome == other.outcome;
	}

	@Override
	public int hashCode() {
		return Objects.hash( id, outcome );
	}

	@Override
	public String toString() {
		return "ConflictResult[id=" + id + ", outcome=" + outcome + "]";
	}
}
