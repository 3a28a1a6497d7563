package io.pgextra.hibernate.bench;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * The benchmark's entity: a generated id, a unique natural key (text) and three other columns (int, text,
 * timestamptz).
 * <p>
 * The id comes from a sequence with Hibernate's pooled optimizer and an allocation size of 1,000, as a JPA user who
 * batches would map it: {@code IDENTITY} would turn off JDBC batching of inserts for the Hibernate variants, and the
 * default allocation size of 50 would cost every variant that generates ids in Java a round trip per 50 rows. The
 * same mapping serves every variant. The table is created by {@link Bench}, not by Hibernate.
 */
@Entity
@Table(name = "bench_item")
public class BenchItem {

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "bench_item_seq")
	@SequenceGenerator(name = "bench_item_seq", sequenceName = "bench_item_seq", allocationSize = 1000)
	private Long id;

	@Column(name = "sku", nullable = false, unique = true)
	private String sku;

	@Column(name = "quantity", nullable = false)
	private int quantity;

	@Column(name = "label")
	private String label;

	@Column(name = "updated_at")
	private OffsetDateTime updatedAt;

	protected BenchItem() {
	}

	public BenchItem(String sku, int quantity, String label, OffsetDateTime updatedAt) {
		this.sku = sku;
		this.quantity = quantity;
		this.label = label;
		this.updatedAt = updatedAt;
	}

	public Long getId() {
		return id;
	}

	public void setId(Long id) {
		this.id = id;
	}

	public String getSku() {
		return sku;
	}

	public int getQuantity() {
		return quantity;
	}

	public String getLabel() {
		return label;
	}

	public OffsetDateTime getUpdatedAt() {
		return updatedAt;
	}

	/** What a find-then-save loop does with a row it found. */
	public void assign(int quantity, String label, OffsetDateTime updatedAt) {
		this.quantity = quantity;
		this.label = label;
		this.updatedAt = updatedAt;
	}
}
