package io.pgextra.hibernate.quarkus.it;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stock item, upserted by its unique {@code sku}. */
@Entity
@Table(name = "qit_item")
public class Item {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(unique = true, nullable = false)
	public String sku;

	public int quantity;
}
