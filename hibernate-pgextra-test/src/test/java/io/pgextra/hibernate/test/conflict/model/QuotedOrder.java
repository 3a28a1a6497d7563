package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** A mixed-case quoted table, a reserved-word column and a mixed-case constraint name. */
@Entity
@Table(name = "\"Order\"", uniqueConstraints = @UniqueConstraint(name = "UK_Order_User", columnNames = "user"))
public class QuotedOrder {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(name = "user")
	public String user;

	@Column(name = "\"Amount\"")
	public Integer amount;
}
