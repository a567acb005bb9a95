"""What people meet: the storefront widget and the Dashboard pages, served by Foresight."""
